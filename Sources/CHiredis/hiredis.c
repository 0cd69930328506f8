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

#define INDEX(result, name, parameters, arguments) HIREDIS_INDEX_##name,
#define INDEX_VOID(name, parameters, arguments) HIREDIS_INDEX_##name,
enum { HIREDIS_FUNCTIONS(INDEX, INDEX_VOID) HIREDIS_FUNCTION_COUNT };

#define NAME(result, name, parameters, arguments) #name,
#define NAME_VOID(name, parameters, arguments) #name,
static const char *const names[] = {HIREDIS_FUNCTIONS(NAME, NAME_VOID)};
static void *slots[HIREDIS_FUNCTION_COUNT];
static LazyLibrary hiredis = {
    .file = "libhiredis.so.0.14", .names = names, .slots = slots, .count = HIREDIS_FUNCTION_COUNT, .lock = PTHREAD_MUTEX_INITIALIZER,
};

const char *chiredis_load(void) {
    return lazy_library_load(&hiredis);
}

#define FORWARD(result, name, parameters, arguments) \
    LAZY_FORWARD(hiredis, HIREDIS_INDEX_##name, result, name, parameters, arguments)
#define FORWARD_VOID(name, parameters, arguments) LAZY_FORWARD_VOID(hiredis, HIREDIS_INDEX_##name, name, parameters, arguments)
HIREDIS_FUNCTIONS(FORWARD, FORWARD_VOID)
