import Foundation
import Services

/// The folder nginx sends recordings from (`MIRUBATO_RECORDING_CACHE`): a copy per recording,
/// named `ID-SHA256` (`RecordingService.cacheName`), written whole before it appears.
public struct RecordingCache: Sendable {
    public let folder: String

    public init(folder: String) {
        self.folder = folder
    }

    /// The path of a recording's copy.
    public func path(of name: String) -> String {
        "\(folder)/\(name)"
    }

    /// Whether the copy is there.
    public func holds(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: path(of: name))
    }

    /// Writes a copy unless it is there; false when it cannot be written. It is written under
    /// another name first and renamed, so nginx never sends half a file.
    public func store(_ bytes: [UInt8], as name: String) -> Bool {
        if holds(name) { return true }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let partial = "\(path(of: name)).\(UInt64.random(in: 0...UInt64.max)).partial"
            try Data(bytes).write(to: URL(fileURLWithPath: partial))
            guard rename(partial, path(of: name)) == 0 else {
                unlink(partial)
                return false
            }
            return true
        } catch {
            return false
        }
    }

    /// Removes every copy not named in `keeping` (recordings since deleted) and half-written
    /// copies older than ten minutes (a crash while writing); answers how many went.
    public func sweep(keeping: Set<String>, now: Date = Date()) throws -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return 0 }
        var removed = 0
        for name in names {
            if name.hasSuffix(".partial") {
                let modified = (try? FileManager.default.attributesOfItem(atPath: path(of: name))[.modificationDate] as? Date) ?? now
                guard now.timeIntervalSince(modified) > 600 else { continue }
            } else if keeping.contains(name) {
                continue
            }
            if unlink(path(of: name)) == 0 { removed += 1 }
        }
        return removed
    }
}
