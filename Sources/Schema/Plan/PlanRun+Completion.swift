import Dispatch
import GraphQL
import OrderedCollections

extension PlanRun {
    /// Resolves and completes collected fields in order; a field error inside a non-null field
    /// propagates to the nearest nullable ancestor, as in the library.
    func executeFields(
        _ object: PlanExecutor.ObjectInfo, source: Any, fields: OrderedDictionary<String, [Field]>, path: ResponsePath?
    ) async throws -> OrderedDictionary<String, Map> {
        var results = OrderedDictionary<String, Map>()
        results.reserveCapacity(fields.count)
        for (key, nodes) in fields {
            if DispatchTime.now().uptimeNanoseconds > deadline { throw PlanTimeout() }
            results[key] = try await resolveField(object, source: source, nodes: nodes, path: ResponsePath(parent: path, key: key)) ?? .null
        }
        return results
    }

    private func resolveField(_ object: PlanExecutor.ObjectInfo, source: Any, nodes: [Field], path: ResponsePath) async throws -> Map? {
        let name = nodes[0].name.value
        if name == "__typename" { return .string(object.type.name) }
        guard let field = object.fields[name] else {
            throw GraphQLError(message: "Expected field definition not found: '\(name)' on '\(object.type.name)'")
        }
        let result: Result<Any?, any Error>
        do {
            switch field.resolver {
            case .parent(let resolve): result = .success(try resolve(source))
            case .request(let resolve): result = .success(try await resolve(source, Arguments(arguments(of: nodes[0])), context))
            }
        } catch {
            result = .failure(error)
        }
        let site = Site(parent: object.type.name, field: name, nodes: nodes)
        return try await completeCatching(field.type, site, path: path, result: result)
    }

    /// Where a value is being completed: the field and its nodes.
    private struct Site {
        let parent: String
        let field: String
        let nodes: [Field]
    }

    /// A non-null position passes errors up; a nullable one records them and becomes null.
    private func completeCatching(_ type: GraphQLType, _ site: Site, path: ResponsePath, result: Result<Any?, any Error>) async throws -> Map? {
        if type is GraphQLNonNull { return try await completeLocated(type, site, path: path, result: result) }
        do {
            return try await completeLocated(type, site, path: path, result: result)
        } catch let error as GraphQLError {
            errors.append(error)
            return nil
        }
    }

    private func completeLocated(_ type: GraphQLType, _ site: Site, path: ResponsePath, result: Result<Any?, any Error>) async throws -> Map? {
        do {
            return try await complete(type, site, path: path, result: result)
        } catch let error as GraphQLError {
            throw error
        } catch let timeout as PlanTimeout {
            throw timeout
        } catch {
            throw GraphQLError(message: String(describing: error), nodes: site.nodes, path: path.indexPath, originalError: error)
        }
    }

    private func complete(_ type: GraphQLType, _ site: Site, path: ResponsePath, result: Result<Any?, any Error>) async throws -> Map? {
        let value = try result.get()
        if let nonNull = type as? GraphQLNonNull {
            guard let completed = try await complete(nonNull.ofType, site, path: path, result: .success(value)) else {
                throw GraphQLError(message: "Cannot return null for non-nullable field \(site.parent).\(site.field).")
            }
            return completed
        }
        guard let value, let present = Self.unwrap(value) else { return nil }
        if let list = type as? GraphQLList {
            guard let items = present as? [Any?] else {
                throw GraphQLError(message: "Expected array, but did not find one for field \(site.parent).\(site.field).")
            }
            var completed: [Map] = []
            completed.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                // Like the library, an item that completes to null is left out of the list.
                if let map = try await completeCatching(list.ofType, site, path: ResponsePath(parent: path, index: index), result: .success(item)) {
                    completed.append(map)
                }
            }
            return .array(completed)
        }
        if let leaf = type as? GraphQLLeafType { return try leaf.serialize(value: present) }
        guard let objectType = type as? GraphQLObjectType, let object = objects[objectType.name] else {
            throw GraphQLError(message: "Cannot complete value of unexpected type \"\(type)\".")
        }
        return .dictionary(try await executeFields(object, source: present, fields: try subfields(of: site.nodes, in: objectType), path: path))
    }

    /// The merged subfields of field nodes on an object type, collected once per run: every item
    /// of a list shares them (`@skip`/`@include` depend on the run's variables only).
    private func subfields(of nodes: [Field], in type: GraphQLObjectType) throws -> OrderedDictionary<String, [Field]> {
        let key = SubfieldKey(type: type.name, nodes: nodes.map { $0.loc?.start ?? -1 })
        if !key.nodes.contains(-1), let known = collected[key] { return known }
        var fields = OrderedDictionary<String, [Field]>()
        var visited: [String: Bool] = [:]
        for node in nodes {
            if let selectionSet = node.selectionSet { try collectFields(type, selectionSet, into: &fields, visited: &visited) }
        }
        collected[key] = fields
        return fields
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

/// A response path kept as a chain of steps, turned into the library's `IndexPath` only when an
/// error needs it.
final class ResponsePath {
    private let parent: ResponsePath?
    private let element: IndexPathElement

    /// The path of a field under its parent's.
    init(parent: ResponsePath?, key: String) {
        self.parent = parent
        element = key
    }

    /// The path of a list item under its list's.
    init(parent: ResponsePath, index: Int) {
        self.parent = parent
        element = index
    }

    /// The whole path from the root.
    var indexPath: IndexPath {
        var elements: [IndexPathElement] = []
        var step: ResponsePath? = self
        while let current = step {
            elements.append(current.element)
            step = current.parent
        }
        return IndexPath(elements.reversed())
    }
}

/// Identifies a merged subselection: the parent type and the positions of its field nodes.
struct SubfieldKey: Hashable {
    let type: String
    let nodes: [Int]
}
