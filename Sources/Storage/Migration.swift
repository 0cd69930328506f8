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

    /// The migrations built into this binary, in version order.
    public static let bundled: [Migration] = EmbeddedFiles.all.compactMap { file in
        guard file.name.hasSuffix(".sql"), let version = Int(file.name.prefix { $0.isNumber }) else { return nil }
        return Migration(version: version, name: file.name, sql: file.text)
    }.sorted { $0.version < $1.version }
}
