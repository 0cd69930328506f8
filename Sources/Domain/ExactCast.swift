/// `value as? T` for a `T` that has no subtypes (a final class, a struct), decided by comparing
/// the dynamic type first. A failed `as?` has the runtime look for a Foundation bridge: a scan of
/// every protocol conformance in the binary, about 0.1 ms the first time for each type, which a
/// one-request process paid for each kind of definition a document does not hold.
@inlinable @inline(__always)
public func exactCast<T>(_ value: Any, to type: T.Type) -> T? {
    Swift.type(of: value) == type ? (value as! T) : nil
}
