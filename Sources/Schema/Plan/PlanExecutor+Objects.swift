import Synchronization

extension PlanExecutor {
    /// The object types' infos, each made when an operation first reaches its type. Making all
    /// of them up front (a hundred types, 475 fields, each with its lock) was 2.2 M instructions
    /// of a process that answers one request, which reaches five.
    final class Objects: @unchecked Sendable {
        // Unchecked: the inputs are immutable once made, and what is made is behind `made`.
        private let index: SchemaIndex
        private let types: PlanTypes
        private let completions: Completion.Maker
        private let resolvers: ResolverTable
        /// What has been made, nil for a name that is no object type.
        private let made = Mutex<[String: ObjectInfo?]>([:])

        init(index: SchemaIndex, types: PlanTypes, resolvers: ResolverTable) {
            (self.index, self.types, self.resolvers) = (index, types, resolvers)
            completions = Completion.Maker(index: index, types: types)
        }

        /// The info of the object type `name`; nil for any other name.
        subscript(name: String) -> ObjectInfo? {
            if let known = made.withLock({ $0[name] }) { return known }
            let info = make(name)
            // Two threads may make the same type at once: the first one kept is everyone's, so a
            // field's lazily made types are made once.
            return made.withLock { made in
                if let first = made[name] { return first }
                made[name] = info
                return info
            }
        }

        /// Every object type's info, by name (the coverage tests read them all).
        var all: [String: ObjectInfo] {
            var all: [String: ObjectInfo] = [:]
            for type in index.table.types where type.kind == .object {
                all[type.name] = self[type.name]
            }
            return all
        }

        private func make(_ name: String) -> ObjectInfo? {
            guard let type = index.type(named: name), type.kind == .object else { return nil }
            var infos: [String: FieldInfo] = [:]
            var fields = type.fields
            // `__schema` and `__type`, which no type lists among its fields: the query root's.
            if type.name == index.table.queryType {
                fields += ["__schema", "__type"].compactMap { index.field(named: $0, on: type) }
            }
            let resolvers = resolvers.resolvers(of: type.name)
            for field in fields {
                guard let resolver = resolvers[field.name] else { continue }
                infos[field.name] = FieldInfo(field, resolver: resolver, types: types, completions: completions)
            }
            return ObjectInfo(name: type.name, fields: infos, boxing: self.resolvers.boxing(of: type.name))
        }
    }
}
