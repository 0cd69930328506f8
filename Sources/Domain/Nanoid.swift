/// Nanoid identifiers: 21 characters of the URL-safe alphabet, about 126 bits of randomness.
public enum Nanoid {
    /// The 64 URL-safe characters a nanoid is made of.
    public static let alphabet: [Character] = Array("_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    /// The length of every identifier.
    public static let length = 21

    /// A new random identifier. The alphabet has 64 characters, so masking a byte to 6 bits is unbiased.
    public static func make(using random: any RandomSource) -> String {
        String(random.bytes(length).map { alphabet[Int($0 & 63)] })
    }

    /// A stable identifier derived from a name (first 21 sextets of its SHA-256), so seeded
    /// catalogue rows keep their ids on every machine and every re-seed.
    public static func derived(from name: String) -> String {
        String(SHA256.digest(Array(name.utf8)).prefix(length).map { alphabet[Int($0 & 63)] })
    }

    /// Whether a string has the shape of a nanoid: 21 URL-safe characters.
    public static func isValid(_ text: String) -> Bool {
        text.utf8.count == length && text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                return true
            default:
                return false
            }
        }
    }
}
