#ifndef MIRUBATO_LAZY_LIBRARY_H
#define MIRUBATO_LAZY_LIBRARY_H

#include <pthread.h>
#include <stddef.h>

/// A shared library opened with dlopen at its first use instead of by the dynamic loader at
/// start-up: a process that never uses it (every process on SQLite, for libpq and hiredis and
/// the twenty libraries libpq brings) neither maps nor relocates it.
typedef struct {
    /// The file to open (its soname).
    const char *file;
    /// The functions to look up, and where each address goes, in the same order.
    const char *const *names;
    void **slots;
    size_t count;
    /// Set (with release order) once every slot is filled.
    int loaded;
    /// Why it could not be loaded; NULL until a load failed.
    const char *error;
    pthread_mutex_t lock;
    char message[256];
} LazyLibrary;

/// Opens the library and fills every slot, once; answers NULL when it is loaded, else why not
/// (a missing file or function: the library is then not used at all).
const char *lazy_library_load(LazyLibrary *library);

/// Whether every slot is filled: the fast check before each forwarded call.
static inline int lazy_library_is_loaded(LazyLibrary *library) {
    return __atomic_load_n(&library->loaded, __ATOMIC_ACQUIRE);
}

/// Defines, in the including file, the library opened from `file` as `library` and every
/// function `FUNCTIONS` lists, given as `FUNCTIONS(F, V)` where `F(result, name, (parameters),
/// (arguments))` lists a function that answers `result` and `V(name, (parameters), (arguments))`
/// one that answers nothing. Each function is defined with the library's own signature (the
/// declaration in its header checks it) as a call through its slot, loading the library first
/// if nobody has.
#define LAZY_LIBRARY(file_name, FUNCTIONS) \
    LAZY_LIBRARY_STATE(file_name, FUNCTIONS) \
    FUNCTIONS(LAZY_FORWARD, LAZY_FORWARD_VOID)

/// As `LAZY_LIBRARY`, but each function is defined as `LAZY_PREFIX` (a macro the including file
/// defines) followed by the library's name for it: for a library some of whose functions the
/// binary also links from elsewhere (libcrypto, whose SHA-256 comes from its static archive),
/// so that neither the linker nor the loaded library binds one name to the other.
#define LAZY_LIBRARY_PREFIXED(file_name, FUNCTIONS) \
    LAZY_LIBRARY_STATE(file_name, FUNCTIONS) \
    FUNCTIONS(LAZY_FORWARD_PREFIXED, LAZY_FORWARD_PREFIXED_VOID)

#define LAZY_LIBRARY_STATE(file_name, FUNCTIONS) \
    enum { FUNCTIONS(LAZY_INDEX, LAZY_INDEX_VOID) LAZY_FUNCTION_COUNT }; \
    static const char *const lazy_names[] = {FUNCTIONS(LAZY_NAME, LAZY_NAME_VOID)}; \
    static void *lazy_slots[LAZY_FUNCTION_COUNT]; \
    static LazyLibrary library = { \
        .file = file_name, .names = lazy_names, .slots = lazy_slots, .count = LAZY_FUNCTION_COUNT, \
        .lock = PTHREAD_MUTEX_INITIALIZER, \
    };

#define LAZY_INDEX(result, name, parameters, arguments) LAZY_INDEX_##name,
#define LAZY_INDEX_VOID(name, parameters, arguments) LAZY_INDEX_##name,
#define LAZY_NAME(result, name, parameters, arguments) #name,
#define LAZY_NAME_VOID(name, parameters, arguments) #name,

#define LAZY_FORWARD(result, name, parameters, arguments) LAZY_FORWARD_AS(name, result, name, parameters, arguments)
#define LAZY_FORWARD_VOID(name, parameters, arguments) LAZY_FORWARD_VOID_AS(name, name, parameters, arguments)

/// The forwarder of the library's `name`, defined as `defined`.
#define LAZY_FORWARD_AS(defined, result, name, parameters, arguments) \
    result defined parameters { \
        if (!lazy_library_is_loaded(&library)) lazy_library_load(&library); \
        return ((result(*) parameters)library.slots[LAZY_INDEX_##name]) arguments; \
    }

#define LAZY_FORWARD_VOID_AS(defined, name, parameters, arguments) \
    void defined parameters { \
        if (!lazy_library_is_loaded(&library)) lazy_library_load(&library); \
        ((void(*) parameters)library.slots[LAZY_INDEX_##name]) arguments; \
    }

#define LAZY_CONCAT_(left, right) left##right
#define LAZY_CONCAT(left, right) LAZY_CONCAT_(left, right)

#define LAZY_FORWARD_PREFIXED(result, name, parameters, arguments) \
    LAZY_FORWARD_AS(LAZY_CONCAT(LAZY_PREFIX, name), result, name, parameters, arguments)
#define LAZY_FORWARD_PREFIXED_VOID(name, parameters, arguments) \
    LAZY_FORWARD_VOID_AS(LAZY_CONCAT(LAZY_PREFIX, name), name, parameters, arguments)

#endif
