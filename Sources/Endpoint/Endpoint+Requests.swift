import Domain
import Foundation

/// What every request path asks of a request before answering it: whose budget it spends,
/// which operation it names, its id; and where the database files live.
extension Endpoint {
    /// Whose rate budget a request spends: its user's, or its client address's when
    /// credentials are absent or invalid.
    static func rateSubject(_ viewer: Viewer, _ request: APIRequest) -> String {
        (try? viewer.userID()).map { "user:" + $0 } ?? "client:" + request.clientAddress
    }

    /// The client's `X-Request-ID` when it is short and plain, else a new id.
    static func requestID(from headers: [String: String], random: any RandomSource) -> String {
        if let given = headers["x-request-id"], (1...128).contains(given.utf8.count),
           given.utf8.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            return given
        }
        return Nanoid.make(using: random)
    }

}
