/// The response media types of GraphQL over HTTP and the negotiation of `Accept`.
public enum MediaType: String, Sendable {
    /// The spec's own type: request errors answer 4xx.
    case graphQLResponse = "application/graphql-response+json"
    /// The legacy type: well-formed requests answer 200.
    case json = "application/json"

    /// The `Content-Type` value with its charset.
    public var contentType: String { rawValue + "; charset=utf-8" }

    /// The best type an `Accept` header allows, honouring q-values; nil when none is acceptable.
    /// No header, or `*/*` alone, means `application/json` (what legacy clients expect).
    public static func negotiate(_ accept: String?) -> MediaType? {
        guard let accept, !accept.trimmingHTTPWhitespace().isEmpty else { return .json }
        var best: (type: MediaType, quality: Double, specificity: Int)?
        for range in accept.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingHTTPWhitespace().lowercased() }
            guard let name = parts.first else { continue }
            var quality = 1.0
            var charsetOK = true
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map(String.init)
                guard pair.count == 2 else { continue }
                if pair[0] == "q" { quality = Double(pair[1]) ?? 0 }
                if pair[0] == "charset" { charsetOK = pair[1] == "utf-8" }
            }
            guard quality > 0, charsetOK else { continue }
            let candidates: [(MediaType, Int)] = switch name {
            case "application/graphql-response+json": [(.graphQLResponse, 2)]
            case "application/json": [(.json, 2)]
            case "application/*", "*/*": [(.json, name == "*/*" ? 0 : 1)]
            default: []
            }
            for (type, specificity) in candidates {
                if best == nil || quality > best!.quality || (quality == best!.quality && specificity > best!.specificity)
                    || (quality == best!.quality && specificity == best!.specificity && type == .graphQLResponse) {
                    best = (type, quality, specificity)
                }
            }
        }
        return best?.type
    }
}

import Foundation
