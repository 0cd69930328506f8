import CSQLite

extension Database {
    /// Copies this database into the file at `path` with SQLite's online backup API: the copy is
    /// a consistent snapshot even while other connections write. The file is replaced.
    public func backup(to path: String) throws {
        let destination = try Database(path: path)
        try copy(from: self, to: destination)
    }

    /// Replaces this database's content with the file at `path`, atomically for other
    /// connections (they see the old or the new content, never a mix).
    public func restore(from path: String) throws {
        let source = try Database(path: path, options: { var options = Options(); options.readOnly = true; return options }())
        try copy(from: source, to: self)
    }

    private func copy(from source: Database, to destination: Database) throws {
        _ = try destination.withSQLite { destinationConnection in
            try source.withSQLite { sourceConnection in
                let (destinationHandle, sourceHandle) = (destinationConnection.handle, sourceConnection.handle)
                guard let backup = sqlite3_backup_init(destinationHandle, "main", sourceHandle, "main") else {
                    throw SQLiteError(code: sqlite3_extended_errcode(destinationHandle), message: String(cString: sqlite3_errmsg(destinationHandle)))
                }
                var status: Int32
                repeat {
                    // Copy in steps so writers elsewhere are not blocked for the whole copy.
                    status = sqlite3_backup_step(backup, 256)
                    if status == SQLITE_BUSY || status == SQLITE_LOCKED { sqlite3_sleep(10) }
                } while status == SQLITE_OK || status == SQLITE_BUSY || status == SQLITE_LOCKED
                let finish = sqlite3_backup_finish(backup)
                guard status == SQLITE_DONE, finish == SQLITE_OK else {
                    throw SQLiteError(code: finish, message: "backup failed: \(String(cString: sqlite3_errstr(status)))")
                }
            }
        }
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    public func integrityCheck() throws -> String {
        try first("PRAGMA integrity_check") { $0.string(0) ?? "" } ?? ""
    }
}
