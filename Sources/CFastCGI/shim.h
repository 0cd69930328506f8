#include <fcgiapp.h>
#include <fastcgi.h>
#include <signal.h>

/// Installs `handler` for `signal` without SA_RESTART, so a blocked accept(2) returns with EINTR
/// and libfcgi's accept loop can see the shutdown flag.
static inline int cfcgi_install_handler(int signal, void (*handler)(int)) {
    struct sigaction action;
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    return sigaction(signal, &action, 0);
}

#include <sys/prctl.h>

/// prctl is variadic, which Swift cannot call: asks for SIGTERM when the parent (the
/// supervisor) dies, so a server process is never left serving alone after a SIGKILL.
static inline int cfcgi_terminate_with_parent(void) {
    return prctl(PR_SET_PDEATHSIG, SIGTERM);
}
