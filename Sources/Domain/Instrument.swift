/// An instrument Mirubato tracks.
public enum Instrument: String, NamedEnum {
    case piano
    case guitar
}
