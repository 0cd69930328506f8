// libpq through `LazyLibrary`: each function the Storage target calls, defined here with libpq's
// own signature (the header's declarations check every one) as a call into the library opened
// at first use. The binary does not link libpq, so a process on SQLite never maps it.
#include "shim.h"
#include "lazy_library.h"

#define POSTGRES_FUNCTIONS(F, V) \
    V(PQclear, (PGresult *res), (res)) \
    F(char *, PQcmdTuples, (PGresult *res), (res)) \
    F(PGconn *, PQconnectdb, (const char *conninfo), (conninfo)) \
    F(int, PQconsumeInput, (PGconn *conn), (conn)) \
    F(int, PQenterPipelineMode, (PGconn *conn), (conn)) \
    F(char *, PQerrorMessage, (const PGconn *conn), (conn)) \
    F(PGresult *, PQexec, (PGconn *conn, const char *query), (conn, query)) \
    F(PGresult *, PQexecPrepared, \
      (PGconn *conn, const char *stmtName, int nParams, const char *const *paramValues, const int *paramLengths, \
       const int *paramFormats, int resultFormat), \
      (conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat)) \
    F(int, PQexitPipelineMode, (PGconn *conn), (conn)) \
    V(PQfinish, (PGconn *conn), (conn)) \
    F(char *, PQfname, (const PGresult *res, int field_num), (res, field_num)) \
    V(PQfreemem, (void *ptr), (ptr)) \
    F(Oid, PQftype, (const PGresult *res, int field_num), (res, field_num)) \
    F(PGresult *, PQgetResult, (PGconn *conn), (conn)) \
    F(int, PQgetisnull, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num)) \
    F(int, PQgetlength, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num)) \
    F(char *, PQgetvalue, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num)) \
    F(int, PQnfields, (const PGresult *res), (res)) \
    F(PGnotify *, PQnotifies, (PGconn *conn), (conn)) \
    F(int, PQntuples, (const PGresult *res), (res)) \
    F(int, PQpipelineSync, (PGconn *conn), (conn)) \
    F(PGresult *, PQprepare, (PGconn *conn, const char *stmtName, const char *query, int nParams, const Oid *paramTypes), \
      (conn, stmtName, query, nParams, paramTypes)) \
    V(PQreset, (PGconn *conn), (conn)) \
    F(char *, PQresultErrorField, (const PGresult *res, int fieldcode), (res, fieldcode)) \
    F(char *, PQresultErrorMessage, (const PGresult *res), (res)) \
    F(ExecStatusType, PQresultStatus, (const PGresult *res), (res)) \
    F(int, PQsendQueryParams, \
      (PGconn *conn, const char *command, int nParams, const Oid *paramTypes, const char *const *paramValues, \
       const int *paramLengths, const int *paramFormats, int resultFormat), \
      (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat)) \
    F(int, PQsendQueryPrepared, \
      (PGconn *conn, const char *stmtName, int nParams, const char *const *paramValues, const int *paramLengths, \
       const int *paramFormats, int resultFormat), \
      (conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat)) \
    F(PQnoticeProcessor, PQsetNoticeProcessor, (PGconn *conn, PQnoticeProcessor proc, void *arg), (conn, proc, arg)) \
    F(int, PQsocket, (const PGconn *conn), (conn)) \
    F(ConnStatusType, PQstatus, (const PGconn *conn), (conn)) \
    F(PGTransactionStatusType, PQtransactionStatus, (const PGconn *conn), (conn))

LAZY_LIBRARY("libpq.so.5", POSTGRES_FUNCTIONS)

const char *cpostgres_load(void) {
    return lazy_library_load(&library);
}
