// hiredis through `LazyLibrary`, as libpq.c does for libpq: the functions the Storage target
// and shim.h call, opened at first use, so a process without Redis never maps hiredis.
#include "shim.h"
#include "lazy_library.h"

#define HIREDIS_FUNCTIONS(F, V) \
    V(freeReplyObject, (void *reply), (reply)) \
    F(redisContext *, redisConnectWithTimeout, (const char *ip, int port, const struct timeval tv), (ip, port, tv)) \
    F(redisContext *, redisConnectUnixWithTimeout, (const char *path, const struct timeval tv), (path, tv)) \
    F(int, redisSetTimeout, (redisContext *c, const struct timeval tv), (c, tv)) \
    V(redisFree, (redisContext *c), (c)) \
    F(int, redisGetReply, (redisContext *c, void **reply), (c, reply)) \
    F(void *, redisCommandArgv, (redisContext *c, int argc, const char **argv, const size_t *argvlen), (c, argc, argv, argvlen))

LAZY_LIBRARY("libhiredis.so.0.14", HIREDIS_FUNCTIONS)

const char *chiredis_load(void) {
    return lazy_library_load(&library);
}
