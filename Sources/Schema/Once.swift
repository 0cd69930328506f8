import Foundation

/// A value made at its first use and the same value at every later one, from any thread: the
/// introspection description (most processes never introspect) and the field objects of the
/// schema made from the table (GraphQLSwift calls a type's `fields` thunk again wherever it is
/// read, and the resolvers set on those objects must stay on them). A lock rather than `Mutex`,
/// whose `sending` result the values kept here are not.
final class Once<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var made: Value?
    private let make: () throws -> Value

    /// A value `make` makes at the first `value()`.
    init(_ make: @escaping () throws -> Value) {
        self.make = make
    }

    /// The value, made once; a failure is thrown again at the next call, which tries again.
    func value() throws -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let made { return made }
        let value = try make()
        made = value
        return value
    }
}
