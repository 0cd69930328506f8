/// Where a catalogue piece comes from.
public enum SourceType: String, NamedEnum {
    case generated
    case publicDomain = "public_domain"
    case licensed
    case userCreated = "user_created"
}
