extension Array where Element == String {
    /// The strings with `separator` between them, as the standard library's `joined(separator:)`
    /// makes them. This overload is picked for arrays of strings wherever Domain is imported: the
    /// standard library's is generic and unspecialized, and its first call in a process resolves
    /// an associated type by scanning every protocol conformance of the binary (0.28 M
    /// instructions, paid by every per-request process that writes SQL).
    @inlinable
    public func joined(separator: String = "") -> String {
        var result = ""
        result.reserveCapacity(reduce(separator.utf8.count * Swift.max(0, count - 1)) { $0 + $1.utf8.count })
        for (position, part) in enumerated() {
            if position > 0 { result += separator }
            result += part
        }
        return result
    }
}
