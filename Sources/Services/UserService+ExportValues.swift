import Domain
import Storage

extension UserService {
    /// A stored value as the export document writes it.
    func exported(_ value: SQLValue, _ column: ExportFormat.Column, table: String) throws -> JSONValue {
        if value == .null { return .null }
        switch (column.kind, value) {
        case (.boolean, .integer(let flag)): return .bool(flag != 0)
        case (.enumeration(let names), .text(let text)): return .string(names[text] ?? text.uppercased())
        case (.enumerations(let names), .text(let text)):
            let stored = (try? JSONParser.parse(text))?.arrayValue?.compactMap(\.stringValue) ?? []
            return .array(stored.map { .string(names[$0] ?? $0.uppercased()) })
        case (.json, .text(let text)): return (try? JSONParser.parse(text)) ?? .string(text)
        case (.shareScopes, .integer(let bits)): return .array(ShareScopes(bits: Int(bits)).scopes.map { .string($0.name) })
        case (.sealed, .text(let text)):
            guard let plain = try? cipher.open(text, column: "\(table).\(column.column)") else {
                throw APIError(.internalServerError, "Stored data could not be decrypted.")
            }
            return .string(plain)
        case (_, .integer(let number)): return .integer(number)
        case (_, .real(let number)): return .double(number)
        case (_, .text(let text)): return .string(text)
        case (_, .blob(let bytes)): return .string(Base64URL.encode(bytes))
        case (_, .null): return .null
        }
    }

    /// A document value as the column stores it; a value of the wrong shape is `BAD_USER_INPUT`
    /// naming the record and key. What the column's own rules refuse (an unknown enum value, a
    /// missing required value) is refused when the row is written.
    func imported(_ value: JSONValue, _ column: ExportFormat.Column, table: String, field: String) throws -> SQLValue {
        func invalid(_ expected: String) -> APIError {
            APIError.invalid("\(field).\(column.key)", "\(column.key) must be \(expected).")
        }
        if value == .null { return .null }
        switch column.kind {
        case .boolean:
            guard case .bool(let flag) = value else { throw invalid("true or false") }
            return .integer(flag ? 1 : 0)
        case .enumeration(let names):
            guard let name = value.stringValue, let stored = names.first(where: { $0.value == name })?.key else {
                throw invalid("one of \(names.values.sorted().joined(separator: ", "))")
            }
            return .text(stored)
        case .enumerations(let names):
            let stored = value.arrayValue?.compactMap { item in names.first { $0.value == item.stringValue }?.key }
            guard let stored, stored.count == value.arrayValue?.count else {
                throw invalid("a list of \(names.values.sorted().joined(separator: ", "))")
            }
            return .text(JSONWriter.string(.array(stored.map { .string($0) })))
        case .json:
            guard value.objectValue != nil || value.arrayValue != nil else { throw invalid("an object or a list") }
            return .text(JSONWriter.string(value))
        case .instant:
            guard let instant = value.stringValue.flatMap(Timestamp.init(iso8601:)) else {
                throw invalid("an ISO-8601 instant such as 2026-01-15T09:30:00.000Z")
            }
            return .text(instant.iso8601)
        case .shareScopes:
            let scopes = value.arrayValue?.compactMap { $0.stringValue.flatMap(ShareScope.init(name:)) }
            guard let scopes, scopes.count == value.arrayValue?.count else { throw invalid("a list of share scopes") }
            return .integer(Int64(ShareScopes(scopes).bits))
        case .sealed:
            guard let text = value.stringValue else { throw invalid("text") }
            return .text(cipher.seal(text, column: "\(table).\(column.column)"))
        case .plain:
            switch value {
            case .string(let text): return .text(text)
            case .integer(let number): return .integer(number)
            case .double(let number): return .real(number)
            default: throw invalid("text or a number")
            }
        }
    }
}
