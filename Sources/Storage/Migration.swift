import Domain

/// One numbered, forward-only schema change from `Migrations/NNNN_name.sql`.
public struct Migration: Sendable, Equatable {
    /// The number that orders migrations.
    public let version: Int
    /// The file name.
    public let name: String
    /// The SQL script.
    public let sql: String
    /// SHA-256 of the script (hex): an applied migration whose file later changed is detected by
    /// it. The build computes it for the bundled migrations, so a process that only checks the
    /// applied ones hashes nothing (and does not start libcrypto for it).
    public let checksum: String

    /// Creates a migration; `checksum` is computed from `sql` when not given.
    public init(version: Int, name: String, sql: String, checksum: String? = nil) {
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = checksum ?? SHA256.hex(sql)
    }

    /// The SQLite migrations built into this binary (`Migrations/`), in version order.
    public static let bundled = embedded(in: "")

    /// The PostgreSQL migrations built into this binary (`Migrations/postgres/`), in version order.
    /// They carry SQLite's numbers: 0001 holds SQLite's 0001 to 0007 (it was written after them),
    /// 0002 teaches PostgreSQL the SQLite functions the stores use, 0003 to 0007 are empty, and
    /// from 0008 on a number is the same migration on both engines (a test holds the two sets of
    /// numbers equal).
    public static let bundledPostgres = embedded(in: "postgres/")

    /// PostgreSQL migrations that had other numbers before the engines were numbered alike:
    /// (old version, old file name) → new version. `Migrator` renumbers such records on open.
    public static let renumberedPostgres: [(version: Int, name: String, to: Int)] = [
        (3, "0003_practice_day_details.sql", 8), (4, "0004_repertoire.sql", 9), (5, "0005_changes.sql", 10),
        (6, "0006_own_pieces.sql", 11), (7, "0007_title_order.sql", 12),
    ]

    /// The embedded migrations whose names start with `folder` (and have no further folder).
    private static func embedded(in folder: String) -> [Migration] {
        EmbeddedFiles.all.compactMap { file in
            // On the name's bytes: every process that opens a database runs this, and walking
            // Characters (and Foundation's `contains`) cost it more than the migrator's queries.
            let path = Array(file.name.utf8), prefix = folder.utf8.count
            guard path.count > prefix + 4, path.starts(with: folder.utf8), path.suffix(4).elementsEqual(".sql".utf8) else { return nil }
            let name = path[prefix...]
            guard !name.contains(UInt8(ascii: "/")),
                  let version = Int(String(decoding: name.prefix { UInt8(ascii: "0")...UInt8(ascii: "9") ~= $0 }, as: UTF8.self))
            else { return nil }
            return Migration(version: version, name: String(decoding: name, as: UTF8.self), sql: file.text, checksum: file.sha256)
        }.sorted { $0.version < $1.version }
    }
}
