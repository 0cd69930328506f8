import Domain
import GraphQL

/// `@defer` and `@stream` for a client that accepts incremental delivery (Apollo Client's and
/// GraphQL Yoga's `multipart/mixed; deferSpec=20220824`): the operation's result, split into
/// the parts such a client merges. The first part holds the data without the deferred
/// fragments and with each streamed list's first `initialCount` items, `hasNext: true`; the
/// second holds each deferred fragment's fields (`data`, at its object's `path`, with its
/// `label`) and each streamed list's other items (`items`, at the list's path and the index of
/// the first), `hasNext: false`.
///
/// `parts` splits the whole operation's result. For a query, the endpoint first runs
/// `earlyQuery` (the document without its deferred fragments) and sends its `firstPart` at once;
/// the rest then comes from the whole operation, run after. Deferring is a hint the
/// specification lets a server ignore where it chooses, and this one delivers a fragment
/// deferred inside a deferred fragment (or a list streamed inside one) with it. Keys follow the
/// selections' order.
public struct IncrementalDelivery {
    private let fragments: [String: FragmentDefinition]
    private let variables: [String: JSONValue]
    private var items: [String] = []
    /// Where each item's data sits: its path, and the keys of a deferred fragment's fields or
    /// the index of a streamed list's first later item, for placing errors.
    private var placements: [(path: [JSONValue], keys: Set<String>?, from: Int)] = []

    private init(fragments: [String: FragmentDefinition], variables: [String: JSONValue]) {
        self.fragments = fragments
        self.variables = variables
    }

    /// The parts (JSON texts, in order) of `result` (the operation's response JSON) for an
    /// incremental client; nil when the operation defers and streams nothing with these
    /// variables, or did not produce data: then the client gets the result as it is.
    public static func parts(of prepared: PreparedOperation, variables: [String: JSONValue], result: String) -> [String]? {
        guard let operation = prepared.operation, prepared.document.usesIncrementalDirectives else { return nil }
        guard let response = (try? JSONParser.parse(result))?.objectValue, let data = response["data"], data.objectValue != nil else { return nil }
        var fragments: [String: FragmentDefinition] = [:]
        for case let fragment as FragmentDefinition in prepared.document.definitions { fragments[fragment.name.value] = fragment }
        var delivery = IncrementalDelivery(fragments: fragments, variables: Self.variables(of: operation, given: variables))
        var initial = ""
        delivery.write(data, selections: operation.selectionSet.selections, path: [], splitting: true, to: &initial)
        // Nothing deferred reached the data (a null parent, a short list): the result as it is.
        guard !delivery.items.isEmpty else { return nil }

        // Errors go with the part whose data they concern: under a deferred fragment's fields or
        // a streamed list's later items, with that item; else with the first part.
        var firstErrors: [JSONValue] = []
        var itemErrors = [[JSONValue]](repeating: [], count: delivery.items.count)
        for error in response["errors"]?.arrayValue ?? [] {
            let path = error["path"]?.arrayValue ?? []
            let owner = delivery.placements.lastIndex { placement in
                guard path.count > placement.path.count, Array(path.prefix(placement.path.count)) == placement.path else { return false }
                let next = path[placement.path.count]
                if let keys = placement.keys { return next.stringValue.map(keys.contains) ?? false }
                return next.integerValue.map { Int($0) >= placement.from } ?? false
            }
            if let owner { itemErrors[owner].append(error) } else { firstErrors.append(error) }
        }
        var first = "{\"data\":" + initial
        if !firstErrors.isEmpty { first += ",\"errors\":" + JSONWriter.string(.array(firstErrors)) }
        if let extensions = response["extensions"] { first += ",\"extensions\":" + JSONWriter.string(extensions) }
        first += ",\"hasNext\":true}"
        let incremental = delivery.items.enumerated().map { index, item in
            itemErrors[index].isEmpty ? item + "}" : item + ",\"errors\":" + JSONWriter.string(.array(itemErrors[index])) + "}"
        }
        return [first, "{\"incremental\":[" + incremental.joined(separator: ",") + "],\"hasNext\":false}"]
    }

    /// The text of the request's document with each active `@defer` turned into a condition
    /// that leaves its fragment out: `@include(if: false)`, or `@skip(if: true)` where the
    /// fragment has an `@include` already, and `@skip(if: $v)` for `@defer(if: $v)`. That is the
    /// query whose answer is the first part, sent before the whole operation runs. Nil when no
    /// fragment can be left out so (a fragment that already has the condition it would need is
    /// delivered in the first part: deferring is a hint).
    public static func earlyQuery(of prepared: PreparedOperation, variables: [String: JSONValue]) -> String? {
        guard let operation = prepared.operation, prepared.document.usesIncrementalDirectives,
              let source = operation.loc?.source.body else { return nil }
        let delivery = IncrementalDelivery(fragments: [:], variables: Self.variables(of: operation, given: variables))
        var replacements: [(range: Range<Int>, text: String)] = []
        prepared.document.forEachSelection { selection in
            let directives: [Directive]
            switch selection {
            case let inline as InlineFragment: directives = inline.directives
            case let spread as FragmentSpread: directives = spread.directives
            default: return
            }
            guard let deferred = delivery.directive("defer", in: directives), let location = deferred.loc else { return }
            let names = Set(directives.map(\.name.value))
            let condition: String?
            if let variable = deferred.arguments.first(where: { $0.name.value == "if" })?.value as? Variable {
                // The variable stays in use (else the early query would fail validation): deferred
                // means it is true, so `@skip` on it leaves the fragment out.
                condition = names.contains("skip") ? nil : "@skip(if: $\(variable.name.value))"
            } else {
                condition = !names.contains("include") ? "@include(if: false)" : !names.contains("skip") ? "@skip(if: true)" : nil
            }
            guard let condition else { return }
            replacements.append((location.start..<location.start, condition))
        }
        guard !replacements.isEmpty else { return nil }
        var bytes = Array(source.utf8)
        // GraphQLSwift 4.3 ends a directive's location after its `@`: the end is found here.
        replacements = replacements.map { ($0.range.lowerBound..<Self.directiveEnd(in: bytes, at: $0.range.lowerBound), $0.text) }
        for replacement in replacements.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            bytes.replaceSubrange(replacement.range, with: Array(replacement.text.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Where the directive that starts with the `@` at `start` ends: after its name, or after
    /// the `)` that closes its arguments (string values may hold a `)`).
    static func directiveEnd(in bytes: [UInt8], at start: Int) -> Int {
        var index = start + 1
        func isNameByte(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
        }
        while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
        let nameEnd = index
        // Spaces, line ends, commas and comments may come before the arguments.
        while index < bytes.count {
            if [0x20, 0x09, 0x0A, 0x0D, 0x2C].contains(bytes[index]) {
                index += 1
            } else if bytes[index] == 0x23 {
                while index < bytes.count, bytes[index] != 0x0A, bytes[index] != 0x0D { index += 1 }
            } else {
                break
            }
        }
        guard index < bytes.count, bytes[index] == 0x28 else { return nameEnd }
        index += 1
        while index < bytes.count {
            switch bytes[index] {
            case 0x29: return index + 1
            case 0x22:
                let block = index + 2 < bytes.count && bytes[index + 1] == 0x22 && bytes[index + 2] == 0x22
                index += block ? 3 : 1
                while index < bytes.count {
                    if block, index + 2 < bytes.count, bytes[index] == 0x22, bytes[index + 1] == 0x22, bytes[index + 2] == 0x22 {
                        index += 2
                        break
                    }
                    if !block, bytes[index] == 0x5C { index += 2; continue }
                    if !block, bytes[index] == 0x22 { break }
                    index += 1
                }
            case 0x23:
                while index < bytes.count, bytes[index] != 0x0A, bytes[index] != 0x0D { index += 1 }
            default:
                break
            }
            index += 1
        }
        return bytes.count
    }

    /// The first part made of the early query's result (`earlyQuery`): its data with each
    /// streamed list's first items, `hasNext: true`; nil when it produced no data.
    public static func firstPart(of early: PreparedOperation, variables: [String: JSONValue], result: String) -> String? {
        if let parts = parts(of: early, variables: variables, result: result) { return parts[0] }
        guard var response = (try? JSONParser.parse(result))?.objectValue, response["data"]?.objectValue != nil else { return nil }
        response["hasNext"] = .bool(true)
        let data = response.removeValue(forKey: "data")!
        // `data` first, as in every answer.
        var part = "{\"data\":" + JSONWriter.string(data)
        for (key, value) in response.sorted(by: { $0.key < $1.key }) {
            part += "," + JSONWriter.string(.string(key)) + ":" + JSONWriter.string(value)
        }
        return part + "}"
    }

    /// The request's variables, with the operation's Boolean defaults for those not given.
    private static func variables(of operation: OperationDefinition, given: [String: JSONValue]) -> [String: JSONValue] {
        var values = given
        for definition in operation.variableDefinitions where values[definition.variable.name.value] == nil {
            if let literal = definition.defaultValue as? BooleanValue { values[definition.variable.name.value] = .bool(literal.value) }
        }
        return values
    }

    /// Writes `value` under `selections`; while `splitting`, deferred fragments and streamed
    /// lists' later items are left out and become items.
    private mutating func write(_ value: JSONValue, selections: [Selection], path: [JSONValue], splitting: Bool, to output: inout String) {
        switch value {
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                write(element, selections: selections, path: path + [.integer(Int64(index))], splitting: splitting, to: &output)
            }
            output += "]"
        case .object(let members):
            var collected = Collected()
            collect(selections, splitting: splitting, into: &collected)
            output += "{"
            var first = true
            for key in collected.order {
                guard let member = members[key] else { continue }
                if !first { output += "," }
                first = false
                JSONWriter.writeString(key, to: &output)
                output += ":"
                let nested = collected.selections[key] ?? []
                if splitting, let stream = collected.streams[key], case .array(let elements) = member {
                    writeStreamed(elements, stream: stream, selections: nested, path: path + [.string(key)], to: &output)
                } else {
                    write(member, selections: nested, path: path + [.string(key)], splitting: splitting, to: &output)
                }
            }
            output += "}"
            for deferred in collected.deferred {
                var fields = Collected()
                collect(deferred.selections, splitting: false, into: &fields)
                let present = fields.order.filter { members[$0] != nil }
                // A fragment whose type condition this object does not meet selected nothing here.
                guard !present.isEmpty else { continue }
                var data = "{"
                for (position, key) in present.enumerated() {
                    if position > 0 { data += "," }
                    JSONWriter.writeString(key, to: &data)
                    data += ":"
                    write(members[key]!, selections: fields.selections[key] ?? [], path: path + [.string(key)], splitting: false, to: &data)
                }
                data += "}"
                placements.append((path, Set(present), 0))
                items.append("{\"data\":" + data + ",\"path\":" + JSONWriter.string(.array(path)) + Self.label(deferred.label))
            }
        default:
            JSONWriter.write(value, to: &output)
        }
    }

    /// A streamed list: its first `initialCount` items here, the others as an item.
    private mutating func writeStreamed(_ elements: [JSONValue], stream: Stream, selections: [Selection], path: [JSONValue], to output: inout String) {
        let initial = min(stream.initialCount, elements.count)
        write(.array(Array(elements[..<initial])), selections: selections, path: path, splitting: true, to: &output)
        // A list no longer than its initial count is whole in the first part.
        guard initial < elements.count else { return }
        var rest = "["
        for index in initial..<elements.count {
            if index > initial { rest += "," }
            write(elements[index], selections: selections, path: path + [.integer(Int64(index))], splitting: false, to: &rest)
        }
        rest += "]"
        placements.append((path, nil, initial))
        items.append("{\"items\":" + rest + ",\"path\":" + JSONWriter.string(.array(path + [.integer(Int64(initial))])) + Self.label(stream.label))
    }

    private static func label(_ label: String?) -> String {
        label.map { ",\"label\":" + JSONWriter.string(.string($0)) } ?? ""
    }

    /// The response keys of a selection set in order, with each key's nested selections, the
    /// deferred fragments met and the streamed fields.
    private struct Collected {
        var order: [String] = []
        var selections: [String: [Selection]] = [:]
        var deferred: [(selections: [Selection], label: String?)] = []
        var streams: [String: Stream] = [:]
    }

    private struct Stream {
        let initialCount: Int
        let label: String?
    }

    private func collect(_ selections: [Selection], splitting: Bool, into collected: inout Collected) {
        for selection in selections {
            switch selection {
            case let field as Field:
                guard included(field.directives) else { continue }
                let key = field.alias?.value ?? field.name.value
                if collected.selections[key] == nil {
                    collected.order.append(key)
                    collected.selections[key] = []
                }
                collected.selections[key]! += field.selectionSet?.selections ?? []
                if splitting, let stream = directive("stream", in: field.directives) {
                    let count = (stream.arguments.first { $0.name.value == "initialCount" }?.value as? IntValue).flatMap { Int($0.value) } ?? 0
                    collected.streams[key] = Stream(initialCount: max(0, count), label: label(of: stream))
                }
            case let inline as InlineFragment:
                guard included(inline.directives) else { continue }
                if splitting, let deferred = directive("defer", in: inline.directives) {
                    collected.deferred.append((inline.selectionSet.selections, label(of: deferred)))
                } else {
                    collect(inline.selectionSet.selections, splitting: splitting, into: &collected)
                }
            case let spread as FragmentSpread:
                guard included(spread.directives), let fragment = fragments[spread.name.value] else { continue }
                if splitting, let deferred = directive("defer", in: spread.directives) {
                    collected.deferred.append((fragment.selectionSet.selections, label(of: deferred)))
                } else {
                    collect(fragment.selectionSet.selections, splitting: splitting, into: &collected)
                }
            default:
                continue
            }
        }
    }

    /// The `@defer` or `@stream` of a node, unless its `if` is false.
    private func directive(_ name: String, in directives: [Directive]) -> Directive? {
        guard let directive = directives.first(where: { $0.name.value == name }) else { return nil }
        return condition(directive) == false ? nil : directive
    }

    private func label(of directive: Directive) -> String? {
        (directive.arguments.first { $0.name.value == "label" }?.value as? StringValue)?.value
    }

    /// Whether `@skip` and `@include` let a node through.
    private func included(_ directives: [Directive]) -> Bool {
        if let skip = directives.first(where: { $0.name.value == "skip" }), condition(skip) == true { return false }
        if let include = directives.first(where: { $0.name.value == "include" }), condition(include) == false { return false }
        return true
    }

    /// A directive's `if`: a literal or a variable's value; true when absent (as @defer's and
    /// @stream's default), nil when it cannot be read.
    private func condition(_ directive: Directive) -> Bool? {
        guard let value = directive.arguments.first(where: { $0.name.value == "if" })?.value else { return true }
        switch value {
        case let literal as BooleanValue: return literal.value
        case let variable as Variable:
            if case .bool(let flag)? = variables[variable.name.value] { return flag }
            return nil
        default: return nil
        }
    }
}

extension Document {
    /// Whether any selection carries `@defer` or `@stream`.
    var usesIncrementalDirectives: Bool {
        var found = false
        forEachSelection { selection in
            let directives: [Directive]
            switch selection {
            case let field as Field: directives = field.directives
            case let inline as InlineFragment: directives = inline.directives
            case let spread as FragmentSpread: directives = spread.directives
            default: directives = []
            }
            if directives.contains(where: { $0.name.value == "defer" || $0.name.value == "stream" }) { found = true }
        }
        return found
    }
}
