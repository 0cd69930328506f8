import CSQLite
import Domain

/// A row that does not hold what its mapping expects: a column the SELECT lacks, NULL where the
/// schema allows none, or a value its field's type does not have. An internal error: the client
/// sees none of it.
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

    /// The error for NULL in a column that must not be NULL.
    private func null(_ name: String) -> RowDecodingError {
        RowDecodingError(column: name, problem: "NULL")
    }

    /// `text` parsed by `parse`, or a decoding error saying it is not `what` (built only then).
    private func parsed<Value>(
        _ name: String, _ text: String, _ what: @autoclosure () -> String, _ parse: (String) -> Value?
    ) throws(RowDecodingError) -> Value {
        guard let value = parse(text) else { throw RowDecodingError(column: name, problem: "not \(what()): \(text)") }
        return value
    }

    /// Text that must be there.
    public func text(_ name: String) throws(RowDecodingError) -> String {
        guard let value = string(try index(name)) else { throw null(name) }
        return value
    }

    /// Text that may be NULL.
    public func optionalText(_ name: String) throws(RowDecodingError) -> String? {
        string(try index(name))
    }

    /// A whole number that must be there.
    public func number(_ name: String) throws(RowDecodingError) -> Int {
        guard let value = integer(try index(name)) else { throw null(name) }
        return value
    }

    /// A whole number that may be NULL.
    public func optionalNumber(_ name: String) throws(RowDecodingError) -> Int? {
        integer(try index(name))
    }

    /// A real number that may be NULL.
    public func optionalDouble(_ name: String) throws(RowDecodingError) -> Double? {
        double(try index(name))
    }

    /// A 0/1 boolean that must be there (non-zero is true).
    public func flag(_ name: String) throws(RowDecodingError) -> Bool {
        guard let value = bool(try index(name)) else { throw null(name) }
        return value
    }

    /// An ISO-8601 instant that must be there and parse.
    public func instant(_ name: String) throws(RowDecodingError) -> Timestamp {
        try parsed(name, try text(name), "an instant", Timestamp.init(iso8601:))
    }

    /// An ISO-8601 instant that may be NULL; text that is not an instant is a decoding error.
    public func optionalInstant(_ name: String) throws(RowDecodingError) -> Timestamp? {
        guard let text = try optionalText(name) else { return nil }
        return try parsed(name, text, "an instant", Timestamp.init(iso8601:))
    }

    /// A calendar day (`YYYY-MM-DD`) that must be there and parse.
    public func day(_ name: String) throws(RowDecodingError) -> LocalDay {
        try parsed(name, try text(name), "a day", LocalDay.init)
    }

    /// A calendar day (`YYYY-MM-DD`) that may be NULL; text that is not a day is a decoding error.
    public func optionalDay(_ name: String) throws(RowDecodingError) -> LocalDay? {
        guard let text = try optionalText(name) else { return nil }
        return try parsed(name, text, "a day", LocalDay.init)
    }

    /// Text that must be there and be one of `Value`'s raw values (a column with a CHECK list of
    /// the enum's values).
    public func choice<Value: RawRepresentable>(_ name: String, as type: Value.Type = Value.self) throws(RowDecodingError) -> Value
    where Value.RawValue == String {
        try parsed(name, try text(name), "a \(Value.self)", Value.init(rawValue:))
    }

    /// Text that may be NULL and otherwise is one of `Value`'s raw values.
    public func optionalChoice<Value: RawRepresentable>(_ name: String, as type: Value.Type = Value.self) throws(RowDecodingError) -> Value?
    where Value.RawValue == String {
        guard let text = try optionalText(name) else { return nil }
        return try parsed(name, text, "a \(Value.self)", Value.init(rawValue:))
    }
}
