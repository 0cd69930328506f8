extension Array where Element == [UInt8]? {
    /// Calls `body` with a C pointer to each element's bytes (nil for a nil element), all valid
    /// for the call: what libpq's and hiredis's argument vectors want.
    func withCPointers<T>(_ body: ([UnsafePointer<CChar>?]) -> T) -> T {
        var pointers: [UnsafePointer<CChar>?] = []
        pointers.reserveCapacity(count)
        func nest(_ index: Int) -> T {
            guard index < count else { return body(pointers) }
            guard let bytes = self[index] else {
                pointers.append(nil)
                return nest(index + 1)
            }
            // An empty value still needs a pointer (its length says it is empty).
            return (bytes.isEmpty ? [0] : bytes).withUnsafeBufferPointer { buffer in
                pointers.append(UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self))
                return nest(index + 1)
            }
        }
        return nest(0)
    }
}
