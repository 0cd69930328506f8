import Foundation
import GraphQL

/// An argument's, input field's or variable's type as the plan executor coerces values with it.
indirect enum InputType: Sendable, CustomStringConvertible {
    case nonNull(InputType)
    case list(InputType)
    case object(InputObjectType)
    case leaf(LeafType)

    /// The type as GraphQL writes it (`[Instrument!]!`), for messages.
    var description: String {
        switch self {
        case .nonNull(let inner): "\(inner)!"
        case .list(let inner): "[\(inner)]"
        case .object(let object): object.name
        case .leaf(let leaf): leaf.name
        }
    }
}

/// An input object type: its fields are made at their first use, since they can refer to any
/// input type, their own included.
final class InputObjectType: Sendable {
    let name: String
    let isOneOf: Bool
    private let madeFields: Once<[InputField]>

    /// A field: its name, type and default, in the SDL's order.
    struct InputField: Sendable {
        let name: String
        let type: InputType
        let defaultValue: Map?
    }

    init(name: String, isOneOf: Bool, fields: @escaping @Sendable () throws -> [InputField]) {
        self.name = name
        self.isOneOf = isOneOf
        madeFields = Once(fields)
    }

    /// The fields; nil when the table cannot state one (`PlanCoverageTests` makes them all).
    var fields: [InputField]? {
        try? madeFields.value()
    }
}

/// The plan executor's input and leaf types, made from the table when first asked for, once per
/// process (worker threads share them, hence the lock).
final class PlanTypes: @unchecked Sendable {
    private let index: SchemaIndex
    private let lock = NSRecursiveLock()
    private var leaves: [String: LeafType] = [:]
    private var writers: [String: LeafWriter] = [:]
    private var objects: [String: InputObjectType] = [:]

    init(index: SchemaIndex) {
        self.index = index
    }

    /// The leaf type of a scalar or enum; nil for any other type.
    func leaf(_ name: String) -> LeafType? {
        lock.lock()
        defer { lock.unlock() }
        if let leaf = leaves[name] { return leaf }
        guard let type = index.type(named: name), type.kind.isLeaf else { return nil }
        let leaf = LeafType(type)
        leaves[name] = leaf
        return leaf
    }

    /// The writer of a scalar's or enum's values, one per type; nil for any other type.
    func leafWriter(_ name: String) -> LeafWriter? {
        lock.lock()
        defer { lock.unlock() }
        if let writer = writers[name] { return writer }
        guard let leaf = leaf(name) else { return nil }
        let writer = LeafWriter(leaf)
        writers[name] = writer
        return writer
    }

    /// The input type a reference names; nil when it names an unknown or no input type.
    func input(_ reference: SchemaTable.TypeReference) -> InputType? {
        switch reference {
        case .nonNull(let inner): return input(inner).map { .nonNull($0) }
        case .list(let inner): return input(inner).map { .list($0) }
        case .named(let name):
            if let leaf = leaf(name) { return .leaf(leaf) }
            return inputObject(name).map { .object($0) }
        }
    }

    /// The input type a written type (a variable's) names; nil when it names an unknown or no input type.
    func input(_ written: GraphQL.`Type`) -> InputType? {
        index.reference(written).flatMap(input)
    }

    /// An argument's or input field's type and its default as GraphQLSwift holds it.
    func input(_ value: SchemaTable.InputValue) -> (type: InputType, defaultValue: Map?)? {
        guard let type = input(value.type) else { return nil }
        do {
            return (type, try DefaultValues.value(of: value, index: index))
        } catch {
            return nil
        }
    }

    private func inputObject(_ name: String) -> InputObjectType? {
        lock.lock()
        defer { lock.unlock() }
        if let object = objects[name] { return object }
        guard let type = index.type(named: name), type.kind == .inputObject else { return nil }
        let object = InputObjectType(name: name, isOneOf: type.isOneOf) { [unowned self] in
            try type.inputFields.map { field in
                guard let (fieldType, defaultValue) = self.input(field) else {
                    throw APISchema.AssemblyError(description: "\(name).\(field.name): a type or default the table cannot state")
                }
                return InputObjectType.InputField(name: field.name, type: fieldType, defaultValue: defaultValue)
            }
        }
        objects[name] = object
        return object
    }
}
