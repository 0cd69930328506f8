import CSQLite
import Domain

/// A row that does not hold what its mapping expects: a column the SELECT lacks, or NULL where
/// the schema allows none. An internal error: the client sees none of it.
public struct RowDecodingError: Error, CustomStringConvertible {
    /// The column.
    public let column: String
    /// What is wrong with it.
    public let problem: String

    public var description: String { "column \(column): \(problem)" }
}

extension Row {
    /// The position of `name`, or a decoding error when the statement selects no such column.
    private func index(_ name: String) throws(RowDecodingError) -> Int32 {
        guard let index = columns?.index(of: name) else { throw RowDecodingError(column: name, problem: "not selected") }
        return index
    }

    /// Text that must be there.
    public func text(_ name: String) throws(RowDecodingError) -> String {
        guard let value = string(try index(name)) else { throw RowDecodingError(column: name, problem: "NULL") }
        return value
    }

    /// Text that may be NULL.
    public func optionalText(_ name: String) throws(RowDecodingError) -> String? {
        string(try index(name))
    }

    /// A whole number that must be there.
    public func number(_ name: String) throws(RowDecodingError) -> Int {
        guard let value = integer(try index(name)) else { throw RowDecodingError(column: name, problem: "NULL") }
        return value
    }

    /// A whole number that may be NULL.
    public func optionalNumber(_ name: String) throws(RowDecodingError) -> Int? {
        integer(try index(name))
    }

    /// An ISO-8601 instant that must be there and parse.
    public func instant(_ name: String) throws(RowDecodingError) -> Timestamp {
        let text = try text(name)
        guard let instant = Timestamp(iso8601: text) else { throw RowDecodingError(column: name, problem: "not an instant: \(text)") }
        return instant
    }
}
