/// A type as `__Type` shows it: a named type, or a list or non-null wrapper of one.
indirect enum IntrospectedType: Sendable {
    case named(NamedTypeDescription)
    case list(IntrospectedType)
    case nonNull(IntrospectedType)
}

/// The `__TypeKind` of a named type.
enum TypeKind: String, Sendable {
    case scalar = "SCALAR", object = "OBJECT", interface = "INTERFACE", union = "UNION"
    case enumeration = "ENUM", inputObject = "INPUT_OBJECT"
}

extension IntrospectedType {
    /// The named type inside any wrappers.
    var namedType: NamedTypeDescription {
        switch self {
        case .named(let type): type
        case .list(let inner), .nonNull(let inner): inner.namedType
        }
    }

    /// The named type, when this is not a wrapper.
    var named: NamedTypeDescription? {
        if case .named(let type) = self { return type }
        return nil
    }

    /// The named type when it is of `kind`.
    func named(_ kind: TypeKind) -> NamedTypeDescription? {
        named.flatMap { $0.kind == kind ? $0 : nil }
    }
}
