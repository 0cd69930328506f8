#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro Swift cannot import: it tells SQLite to copy bound text and blobs.
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }

/// sqlite3_db_config is variadic, which Swift cannot call: leave the write-ahead log in place
/// when the connection closes (no checkpoint, so no sync; no unlink). For the KV file only: a
/// process that answers one request would otherwise checkpoint and sync it on every exit, for
/// a read too. Checkpoints still run from the commit hook's threshold.
static inline void csqlite_keep_log_on_close(sqlite3 *db) {
    int persist = 1;
    sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
    sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)0);
}

/// sqlite3_config is variadic too: stop SQLite counting its memory use, which takes a global
/// mutex on every allocation and which nothing reads. Only works before SQLite initialises.
static inline int csqlite_skip_memory_statistics(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }
