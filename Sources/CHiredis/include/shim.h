#include <hiredis/hiredis.h>

/// Loads hiredis (`libhiredis.so.0.14`) if it is not yet loaded; NULL when it is, else why it
/// cannot be. Call it before the first hiredis function: a process without Redis never loads it.
const char *chiredis_load(void);

/// redisCommandArgv with its reply as the struct it is: Swift sees the C function's `void *`.
static inline redisReply *chiredis_command(redisContext *context, int count, const char *const *arguments, const size_t *lengths) {
    return (redisReply *)redisCommandArgv(context, count, (const char **)arguments, lengths);
}

/// The next reply of a pipelined or subscribed connection, or NULL on an error or a timeout.
static inline redisReply *chiredis_next_reply(redisContext *context) {
    void *reply = NULL;
    if (redisGetReply(context, &reply) != REDIS_OK) return NULL;
    return (redisReply *)reply;
}
