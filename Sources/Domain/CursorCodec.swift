/// Opaque list cursors: a list's name and an item's sort key, base64url-encoded, with an HMAC
/// so that an edited or forged cursor is refused instead of being read as a place in the list.
public struct CursorCodec: Sendable {
    private let derived: DerivedKey
    /// Bytes of the HMAC kept in a cursor: enough that guessing one is hopeless, short in URLs.
    private static let tagLength = 12
    /// Longest cursor accepted; longer input is refused before any decoding.
    public static let maxLength = 2048

    /// A codec whose key is derived from `secret` (the data key): cursors stay valid across
    /// processes and restarts, and change when the key does.
    public init(secret: [UInt8]) {
        derived = DerivedKey(label: "mirubato list cursor v1", secret: secret)
    }

    /// The cursor of the item with sort key `values` in `list`.
    public func make(list: String, key values: [String]) -> String {
        // The JSON array of the list's name and the key, written as bytes (a cursor per edge).
        var payload = JSONBytes(capacity: 64)
        payload.append("[")
        payload.write(list)
        for value in values {
            payload.append(",")
            payload.write(value)
        }
        payload.append("]")
        var cursor: [UInt8] = []
        Base64URL.append(payload.bytes[...], to: &cursor)
        cursor.append(UInt8(ascii: "."))
        Base64URL.append(HMACSHA256.authenticate(payload.bytes, key: derived.key).prefix(Self.tagLength), to: &cursor)
        return String(decoding: cursor, as: UTF8.self)
    }

    /// The sort key a cursor of `list` stands for, or nil when it is not one this codec made for
    /// that list with `count` key values.
    public func sortKey(of cursor: String, list: String, count: Int) -> [String]? {
        guard cursor.utf8.count <= Self.maxLength else { return nil }
        let parts = cursor.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payload = Base64URL.decode(String(parts[0])), let tag = Base64URL.decode(String(parts[1])),
              HMACSHA256.constantTimeEqual(tag, Array(HMACSHA256.authenticate(payload, key: derived.key).prefix(Self.tagLength))),
              case .array(let items)? = try? JSONParser.parse(payload, maxDepth: 2), items.count == count + 1,
              items.first?.stringValue == list
        else { return nil }
        let values = items.dropFirst().compactMap(\.stringValue)
        return values.count == count ? values : nil
    }
}
