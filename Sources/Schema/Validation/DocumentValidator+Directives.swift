import GraphQL

extension DocumentValidator {
    /// The directives at one location: per directive KnownDirectives, KnownArgumentNames (the
    /// directive's own) and UniqueArgumentNames, its arguments, then ProvidedRequiredArguments.
    mutating func walk(_ directives: [Directive], at location: DirectiveLocation, scope: Scope) {
        for directive in directives {
            let name = directive.name.value
            let definition = index.directive(named: name)
            if let definition {
                if !definition.locations.contains(location.rawValue) {
                    errors.append(GraphQLError(message: "Directive \"@\(name)\" may not be used on \(location.rawValue).", nodes: [directive]))
                }
                for argument in directive.arguments where !definition.arguments.contains(where: { $0.name == argument.name.value }) {
                    errors.append(GraphQLError(
                        message: "Unknown argument \"\(argument.name.value)\" on directive \"@\(name)\"."
                            + Suggestions.didYouMean(Suggestions.list(for: argument.name.value, among: definition.arguments.map(\.name))),
                        nodes: [argument]))
                }
            } else {
                errors.append(GraphQLError(message: "Unknown directive \"@\(name)\".", nodes: [directive]))
            }
            checkUniqueArguments(directive.arguments)
            for argument in directive.arguments { walk(argument, directive: definition, scope: scope) }
            guard let definition else { continue }
            let given = Set(directive.arguments.map(\.name.value))
            for argument in definition.arguments where argument.isRequired && !given.contains(argument.name) {
                errors.append(GraphQLError(
                    message: "Directive \"@\(name)\" argument \"\(argument.name)\" of type \"\(argument.type)\" is required, but it was not provided.",
                    nodes: [directive]))
            }
        }
    }

    /// UniqueDirectivesPerLocation: a directive that is not repeatable, used twice on one node.
    mutating func checkUniqueDirectives(_ directives: [Directive]) {
        errors += Self.repeatedDirectives(directives, index: index)
    }

    /// UniqueDirectivesPerLocation's errors for one node's directives.
    static func repeatedDirectives(_ directives: [Directive], index: SchemaIndex) -> [GraphQLError] {
        guard directives.count > 1 else { return [] }
        var errors: [GraphQLError] = []
        var seen: [String: Directive] = [:]
        for directive in directives {
            let name = directive.name.value
            guard let definition = index.directive(named: name), !definition.isRepeatable else { continue }
            if let first = seen[name] {
                errors.append(GraphQLError(message: "The directive \"@\(name)\" can only be used once at this location.", nodes: [first, directive]))
            } else {
                seen[name] = directive
            }
        }
        return errors
    }

    /// UniqueArgumentNames: each name given more than once, in the order of first use.
    mutating func checkUniqueArguments(_ arguments: [Argument]) {
        guard arguments.count > 1 else { return }
        for (name, nodes) in Self.repeated(arguments, by: \.name) {
            errors.append(GraphQLError(message: "There can be only one argument named \"\(name)\".", nodes: nodes))
        }
    }

    /// The names given to more than one element, in the order of their first use, with every use's name node.
    static func repeated<Element>(_ elements: [Element], by name: (Element) -> Name) -> [(String, [Name])] {
        var order: [String] = []
        var uses: [String: [Name]] = [:]
        for element in elements {
            let node = name(element)
            if uses[node.value] == nil { order.append(node.value) }
            uses[node.value, default: []].append(node)
        }
        return order.compactMap { uses[$0]!.count > 1 ? ($0, uses[$0]!) : nil }
    }
}
