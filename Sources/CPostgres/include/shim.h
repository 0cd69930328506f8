#include <postgresql/libpq-fe.h>

/// Loads libpq (`libpq.so.5`) if it is not yet loaded; NULL when it is, else why it cannot be.
/// Call it before the first libpq function: a process on SQLite never loads libpq at all.
const char *cpostgres_load(void);
