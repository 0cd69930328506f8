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
    /// The operation's variables, coerced with their defaults, which its conditions read.
    private let variables: [String: Map]
    private var items: [String] = []
    /// Where each item's data sits: its path, and the keys of a deferred fragment's fields or
    /// the index of a streamed list's first later item, for placing errors.
    private var placements: [(path: [JSONValue], keys: Set<String>?, from: Int)] = []

    private init(fragments: [String: FragmentDefinition], variables: [String: Map]) {
        self.fragments = fragments
        self.variables = variables
    }

    /// The parts (JSON texts, in order) of `result` (the operation's response JSON) for an
    /// incremental client; nil when the operation defers and streams nothing with these
    /// variables, or did not produce data: then the client gets the result as it is.
    static func parts(of prepared: PreparedOperation, variables: [String: Map], result: String) -> [String]? {
        guard let operation = prepared.operation, prepared.document.usesIncrementalDirectives else { return nil }
        guard let response = (try? JSONParser.parse(result))?.objectValue, let data = response["data"], data.objectValue != nil else { return nil }
        var delivery = IncrementalDelivery(fragments: prepared.document.fragmentsByName, variables: variables)
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
    static func earlyQuery(of prepared: PreparedOperation, variables: [String: Map]) -> String? {
        guard let operation = prepared.operation, prepared.document.usesIncrementalDirectives,
              let source = operation.loc?.source.body else { return nil }
        let delivery = IncrementalDelivery(fragments: [:], variables: variables)
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
            guard let condition, let end = Self.end(of: deferred) else { return }
            replacements.append((location.start..<end, condition))
        }
        guard !replacements.isEmpty else { return nil }
        var bytes = Array(source.utf8)
        for replacement in replacements.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            bytes.replaceSubrange(replacement.range, with: Array(replacement.text.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Where a directive ends in its source: after its name, or after the `)` that closes its
    /// arguments. GraphQLSwift 4.3 ends a directive's location after its `@`, but the lexer's
    /// tokens are linked from it (a string holding a `)` is one token; comments are skipped).
    static func end(of directive: Directive) -> Int? {
        func next(_ token: Token?) -> Token? {
            var token = token?.next
            while token?.kind == .comment { token = token?.next }
            return token
        }
        guard let name = next(directive.loc?.startToken), name.kind == .name else { return nil }
        guard var token = next(name), token.kind == .openingParenthesis else { return name.end }
        while token.kind != .closingParenthesis {
            guard let following = next(token) else { return nil }
            token = following
        }
        return token.end
    }

    /// The first part made of the early query's result (`earlyQuery`): its data with each
    /// streamed list's first items, `hasNext: true`; nil when it produced no data.
    static func firstPart(of early: PreparedOperation, variables: [String: Map], result: String) -> String? {
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

    /// Whether `@skip` and `@include` let a node through (as the plan compiler decides; a
    /// condition that cannot be computed lets it through).
    private func included(_ directives: [Directive]) -> Bool {
        PlanCompiler.inclusion(of: directives, variables: variables) ?? true
    }

    /// A `@defer`'s or `@stream`'s `if`: true when absent (its default), nil when it cannot be computed.
    private func condition(_ directive: Directive) -> Bool? {
        guard directive.arguments.contains(where: { $0.name.value == "if" }) else { return true }
        return PlanCompiler.condition(of: directive, variables: variables)
    }
}

extension GraphQLEngine {
    /// The parts of a bound operation's result for a client that accepts incremental delivery
    /// (`IncrementalDelivery`); nil when there is nothing to split.
    public func incrementalParts(of bound: BoundOperation, result: String) -> [String]? {
        IncrementalDelivery.parts(of: bound.prepared, variables: conditionVariables(of: bound), result: result)
    }

    /// The query whose answer is the first part, sent before the whole operation runs
    /// (`IncrementalDelivery.earlyQuery`); nil when no fragment can be left out.
    public func earlyQuery(of bound: BoundOperation) -> String? {
        IncrementalDelivery.earlyQuery(of: bound.prepared, variables: conditionVariables(of: bound))
    }

    /// The first part made of the early query's result (`IncrementalDelivery.firstPart`).
    public func firstPart(of early: BoundOperation, result: String) -> String? {
        IncrementalDelivery.firstPart(of: early.prepared, variables: conditionVariables(of: early), result: result)
    }

    /// The variables the operation's conditions read: coerced as the plan compiler has them,
    /// defaults in (a bound operation's variables were checked, so coercion holds).
    private func conditionVariables(of bound: BoundOperation) -> [String: Map] {
        guard let operation = bound.prepared.operation else { return bound.variables }
        return schema.plan.coerceVariables(operation.variableDefinitions, input: bound.variables) ?? bound.variables
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
