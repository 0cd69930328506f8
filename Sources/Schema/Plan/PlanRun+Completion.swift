import Dispatch
import GraphQL

extension PlanRun {
    /// Writes an object: its fields resolved and completed in order. A field error inside a
    /// non-null field propagates to the nearest nullable ancestor, as in the library; whatever
    /// was written for the abandoned values is taken back there.
    /// The source is the object's value as its fields read it (boxed, when the type boxes).
    mutating func write(_ plan: SelectionPlan, source: Any) throws {
        if DispatchTime.now().uptimeNanoseconds > deadline { throw PlanTimeout() }
        output.append("{")
        answeredFields &+= plan.fields.count
        for (index, field) in plan.fields.enumerated() {
            if index > 0 { output.append(",") }
            output.append(raw: field.keyJSON)
            path.append(.field(Unmanaged.passUnretained(field)))
            defer { path.removeLast() }
            guard let info = field.info else {
                if field.name != "__typename" {
                    throw GraphQLError(message: "Expected field definition not found: '\(field.name)' on '\(plan.object.name)'")
                }
                output.write(plan.object.name)
                continue
            }
            let value: Any?
            do {
                switch info.resolver {
                case .parent(let resolve): value = try resolve(source)
                case .request(let resolve):
                    if DispatchTime.now().uptimeNanoseconds > deadline { throw PlanTimeout() }
                    value = try resolve(source, field.argumentSlot.map { slotArguments[$0] } ?? field.arguments, context)
                }
            } catch let timeout as PlanTimeout {
                throw timeout
            } catch {
                try record(located(error, field), at: field.completion)
                output.append("null")
                continue
            }
            if let value, let leaf = field.leaf, leaf.writeDirectly(value, to: &output) { continue }
            if try !completeCatching(field.completion, plan, field, value: value) { output.append("null") }
        }
        output.append("}")
    }

    /// A nullable position records an error and stays null; a non-null one passes it up.
    private mutating func record(_ error: GraphQLError, at completion: Completion) throws {
        if completion.isNonNull { throw error }
        errors.append(error)
    }

    /// Completes a value in a position; false when it is null (nothing is then written).
    private mutating func completeCatching(_ completion: Completion, _ plan: SelectionPlan, _ field: PlannedField, value: Any?) throws -> Bool {
        let mark = output.count
        do {
            return try complete(completion, plan, field, value: value)
        } catch let timeout as PlanTimeout {
            throw timeout
        } catch {
            try record(located(error, field), at: completion)
            output.truncate(to: mark)
            return false
        }
    }

    /// An error as the library reports it: its own errors as they are, others at the field.
    private func located(_ error: any Error, _ field: PlannedField) -> GraphQLError {
        if let error = error as? GraphQLError { return error }
        return GraphQLError(message: String(describing: error), nodes: field.nodes, path: IndexPath(path.map(\.value)), originalError: error)
    }

    private mutating func complete(_ completion: Completion, _ plan: SelectionPlan, _ field: PlannedField, value: Any?) throws -> Bool {
        if case .nonNull(let inner) = completion {
            guard try complete(inner, plan, field, value: value) else {
                throw GraphQLError(message: "Cannot return null for non-nullable field \(plan.object.name).\(field.name).")
            }
            return true
        }
        guard let value else { return false }
        // The common cases first: they need no `Optional` check (a cast sees through one anyway).
        switch completion {
        case .leaf(let writer):
            if writer.writeDirectly(value, to: &output) { return true }
        case .object:
            if let child = field.child, let boxed = child.object.boxing?.box(value) {
                try write(child, source: boxed)
                return true
            }
        case .list(let inner):
            if let items = field.child?.object.boxing?.boxList(value) {
                try completeItems(items, inner, plan, field)
                return true
            }
        case .nonNull, .unexpected:
            break
        }
        guard let present = Self.unwrap(value) else { return false }
        switch completion {
        case .leaf(let writer):
            try writer.write(present, to: &output)
        case .list(let inner):
            try completeList(inner, plan, field, value: present)
        case .object(let name):
            guard let child = field.child else { throw GraphQLError(message: "Cannot complete value of unexpected type \"\(name)\".") }
            try write(child, source: child.object.boxing?.box(present) ?? present)
        case .unexpected(let type):
            throw GraphQLError(message: "Cannot complete value of unexpected type \"\(type)\".")
        case .nonNull:
            return false  // Handled above; a non-null type never wraps another.
        }
        return true
    }

    private mutating func completeList(_ inner: Completion, _ plan: SelectionPlan, _ field: PlannedField, value: Any) throws {
        guard let items = value as? [Any?] else {
            throw GraphQLError(message: "Expected array, but did not find one for field \(plan.object.name).\(field.name).")
        }
        try completeItems(items, inner, plan, field)
    }

    private mutating func completeItems(_ items: [Any?], _ inner: Completion, _ plan: SelectionPlan, _ field: PlannedField) throws {
        output.append("[")
        var first = true
        for (index, item) in items.enumerated() {
            let mark = output.count
            if !first { output.append(",") }
            path.append(.index(index))
            defer { path.removeLast() }
            // Like the library, an item that completes to null is left out of the list.
            if try completeCatching(inner, plan, field, value: item) { first = false } else { output.truncate(to: mark) }
        }
        output.append("]")
    }

    /// One level of `Optional` taken off a resolved value, as the library's `unwrap` does.
    private static func unwrap(_ value: Any) -> Any? {
        guard let optional = value as? any OptionalValue else { return value }
        return optional.wrappedValue
    }
}

/// Lets a value typed `Any` be checked for, and taken out of, an `Optional`.
private protocol OptionalValue {
    var wrappedValue: Any? { get }
}

extension Optional: OptionalValue {
    var wrappedValue: Any? { self.map { $0 } }
}
