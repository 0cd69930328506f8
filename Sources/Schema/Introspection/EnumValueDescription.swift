/// A value of an enum type.
struct EnumValueDescription: Sendable {
    let name: String
    let description: String?
    let deprecationReason: String?
}
