/// The historical period of a piece.
public enum StylePeriod: String, NamedEnum {
    case baroque
    case classical
    case romantic
    case impressionist
    case modern
    case contemporary
}
