import GraphQL
import OrderedCollections

extension OverlappingFields {
    /// graphql-js's `findConflictsWithinSelectionSet`.
    mutating func conflictsWithin(_ selectionSet: SelectionSet, parent: SchemaTable.NamedType?) throws -> [Conflict] {
        var conflicts: [Conflict] = []
        let collected = fieldsAndFragments(selectionSet, parent: parent)
        for (responseName, entries) in collected.fields where entries.count > 1 {
            let distinct = Self.distinct(entries)
            for i in distinct.indices {
                for j in distinct.indices where j > i {
                    if let conflict = try conflict(false, responseName, distinct[i], distinct[j]) { conflicts.append(conflict) }
                }
            }
        }
        let names = collected.fragmentNames
        for (i, name) in names.enumerated() {
            var seen: Set<String> = []
            try collectBetween(fieldsOf: collected, andFragment: name, exclusive: false, seen: &seen, into: &conflicts)
            for other in names[(i + 1)...] {
                try collectBetween(fragment: name, and: other, exclusive: false, into: &conflicts)
            }
        }
        return conflicts
    }

    /// The fields of `entries` that differ as text or in where they were selected: identical
    /// copies always merge with each other, and comparing each pair of them is the quadratic case.
    static func distinct(_ entries: [Entry]) -> [Entry] {
        guard entries.count > 1 else { return entries }
        var seen: Set<String> = []
        return entries.filter { seen.insert(($0.parent?.name ?? "") + "\u{0}" + $0.printed.text).inserted }
    }

    /// graphql-js's `collectConflictsBetween`: each field of one map against the fields of the
    /// other under the same response key.
    private mutating func collectBetween(
        _ first: FieldsAndFragments, _ second: FieldsAndFragments, exclusive: Bool, into conflicts: inout [Conflict]
    ) throws {
        for (responseName, entries) in first.fields {
            guard let others = second.fields[responseName] else { continue }
            for entry in Self.distinct(entries) {
                for other in Self.distinct(others) {
                    if let conflict = try conflict(exclusive, responseName, entry, other) { conflicts.append(conflict) }
                }
            }
        }
    }

    /// graphql-js's `collectConflictsBetweenFieldsAndFragment`, with the fragments it reaches
    /// visited once (a cycle, refused by another rule, cannot recurse forever).
    private mutating func collectBetween(
        fieldsOf fields: FieldsAndFragments, andFragment name: String, exclusive: Bool, seen: inout Set<String>,
        into conflicts: inout [Conflict]
    ) throws {
        guard seen.insert(name).inserted, let fragment = fragments[name] else { return }
        let referenced = fieldsAndFragments(fragment.selectionSet, parent: index.type(named: fragment.typeCondition.name.value))
        guard referenced.id != fields.id else { return }
        try collectBetween(fields, referenced, exclusive: exclusive, into: &conflicts)
        for next in referenced.fragmentNames {
            try collectBetween(fieldsOf: fields, andFragment: next, exclusive: exclusive, seen: &seen, into: &conflicts)
        }
    }

    /// graphql-js's `collectConflictsBetweenFragments`.
    private mutating func collectBetween(fragment first: String, and second: String, exclusive: Bool, into conflicts: inout [Conflict]) throws {
        guard first != second else { return }
        let pair = FragmentPair(first, second)
        if let compared = comparedFragments[pair], exclusive || compared == exclusive { return }
        comparedFragments[pair] = exclusive
        guard let one = fragments[first], let other = fragments[second] else { return }
        let fields1 = fieldsAndFragments(one.selectionSet, parent: index.type(named: one.typeCondition.name.value))
        let fields2 = fieldsAndFragments(other.selectionSet, parent: index.type(named: other.typeCondition.name.value))
        try collectBetween(fields1, fields2, exclusive: exclusive, into: &conflicts)
        for name in fields2.fragmentNames { try collectBetween(fragment: first, and: name, exclusive: exclusive, into: &conflicts) }
        for name in fields1.fragmentNames { try collectBetween(fragment: name, and: second, exclusive: exclusive, into: &conflicts) }
    }

    /// graphql-js's `findConflictsBetweenSubSelectionSets`.
    private mutating func conflictsBetween(
        _ first: SelectionSet, on parent1: SchemaTable.NamedType?, _ second: SelectionSet, on parent2: SchemaTable.NamedType?, exclusive: Bool
    ) throws -> [Conflict] {
        var conflicts: [Conflict] = []
        let fields1 = fieldsAndFragments(first, parent: parent1)
        let fields2 = fieldsAndFragments(second, parent: parent2)
        try collectBetween(fields1, fields2, exclusive: exclusive, into: &conflicts)
        for name in fields2.fragmentNames {
            var seen: Set<String> = []
            try collectBetween(fieldsOf: fields1, andFragment: name, exclusive: exclusive, seen: &seen, into: &conflicts)
        }
        for name in fields1.fragmentNames {
            var seen: Set<String> = []
            try collectBetween(fieldsOf: fields2, andFragment: name, exclusive: exclusive, seen: &seen, into: &conflicts)
        }
        for name1 in fields1.fragmentNames {
            for name2 in fields2.fragmentNames { try collectBetween(fragment: name1, and: name2, exclusive: exclusive, into: &conflicts) }
        }
        return conflicts
    }

    /// graphql-js's `findConflict`: whether two fields under one response key can merge.
    private mutating func conflict(_ parentsExclusive: Bool, _ responseName: String, _ first: Entry, _ second: Entry) throws -> Conflict? {
        comparisons += 1
        guard comparisons <= Self.comparisonBudget else { throw OverBudget() }
        // Fields on two different object types can never both be in one answer.
        let exclusive = parentsExclusive
            || (first.parent?.kind == .object && second.parent?.kind == .object && first.parent?.name != second.parent?.name)
        func conflict(_ reason: String) -> Conflict {
            Conflict(responseName: responseName, reason: .message(reason), fields1: [first.node], fields2: [second.node])
        }
        if !exclusive {
            let name1 = first.node.name.value
            let name2 = second.node.name.value
            if name1 != name2 { return conflict("\"\(name1)\" and \"\(name2)\" are different fields") }
            if !Self.sameArguments(first.node.arguments, second.node.arguments) { return conflict("they have differing arguments") }
        }
        if let type1 = first.type, let type2 = second.type, typesConflict(type1, type2) {
            return conflict("they return conflicting types \"\(type1)\" and \"\(type2)\"")
        }
        guard let selection1 = first.node.selectionSet, let selection2 = second.node.selectionSet else { return nil }
        let inner = try conflictsBetween(
            selection1, on: first.type.flatMap(index.namedType),
            selection2, on: second.type.flatMap(index.namedType), exclusive: exclusive)
        guard !inner.isEmpty else { return nil }
        return Conflict(
            responseName: responseName, reason: .subfields(inner.map { ($0.responseName, $0.reason) }),
            fields1: [first.node] + inner.flatMap(\.fields1), fields2: [second.node] + inner.flatMap(\.fields2))
    }

    /// graphql-js's `doTypesConflict`: lists and non-nulls must match level by level, and leaf
    /// types must be the same type.
    func typesConflict(_ type1: SchemaTable.TypeReference, _ type2: SchemaTable.TypeReference) -> Bool {
        switch (type1, type2) {
        case (.list(let inner1), .list(let inner2)), (.nonNull(let inner1), .nonNull(let inner2)): return typesConflict(inner1, inner2)
        case (.list, _), (_, .list), (.nonNull, _), (_, .nonNull): return true
        case (.named(let name1), .named(let name2)):
            let leaf = (index.type(named: name1)?.kind.isLeaf ?? false) || (index.type(named: name2)?.kind.isLeaf ?? false)
            return leaf && name1 != name2
        }
    }
}
