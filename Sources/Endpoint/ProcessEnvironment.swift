import Foundation

/// The process's environment variables, read from `environ` as bytes.
public enum ProcessEnvironment {
    /// The variables whose names start with `prefix` (all of them by default); for a name set
    /// twice, the first, as getenv(3) answers. Foundation's `ProcessInfo.environment` splits every
    /// entry at its `=` character by character: 0.2 ms of a cold `mirubato handle`, whose
    /// configuration reads only `MIRUBATO_` variables.
    public static func variables(prefixed prefix: String = "") -> [String: String] {
        let wanted = Array(prefix.utf8)
        var variables: [String: String] = [:]
        var cursor = environ
        while let entry = cursor.pointee {
            cursor += 1
            let bytes = UnsafeRawBufferPointer(start: entry, count: strlen(entry))
            guard bytes.starts(with: wanted), let equals = bytes.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let name = String(decoding: bytes[..<equals], as: UTF8.self)
            if variables[name] == nil {
                variables[name] = String(decoding: bytes[(equals + 1)...], as: UTF8.self)
            }
        }
        return variables
    }
}
