import Domain

/// One numbered, forward-only schema change from `Migrations/NNNN_name.sql`.
public struct Migration: Sendable, Equatable {
    /// The number that orders migrations.
    public let version: Int
    /// The file name.
    public let name: String
    /// The SQL script.
    public let sql: String

    /// Creates a migration.
    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// SHA-256 of the script: an applied migration whose file later changed is detected by it.
    public var checksum: String { SHA256.hex(sql) }

    /// The SQLite migrations built into this binary (`Migrations/`), in version order.
    public static let bundled = embedded(in: "")

    /// The PostgreSQL migrations built into this binary (`Migrations/postgres/`), in version order.
    public static let bundledPostgres = embedded(in: "postgres/")

    /// The embedded migrations whose names start with `folder` (and have no further folder).
    private static func embedded(in folder: String) -> [Migration] {
        EmbeddedFiles.all.compactMap { file in
            guard file.name.hasPrefix(folder), file.name.hasSuffix(".sql") else { return nil }
            let name = String(file.name.dropFirst(folder.count))
            guard !name.contains("/"), let version = Int(name.prefix { $0.isNumber }) else { return nil }
            return Migration(version: version, name: name, sql: file.text)
        }.sorted { $0.version < $1.version }
    }
}
