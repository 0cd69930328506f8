/// How a live subscription's messages are framed on the wire, for the two HTTP transports
/// served: GraphQL over Server-Sent Events (distinct connections) and Apollo's multipart HTTP
/// subscriptions (`multipart/mixed;subscriptionSpec="1.0"`, what Apollo Client 3.7+ speaks).
public enum StreamFraming: Sendable {
    /// `text/event-stream`: `event: next` per result, `event: complete` at the end.
    case serverSentEvents
    /// `multipart/mixed` with boundary `graphql`: a part per result (`{"payload": …}`), `{}`
    /// parts as heartbeats, and the closing delimiter at the end.
    case multipart

    private static let part = "\r\n--graphql\r\nContent-Type: application/json; charset=utf-8\r\n\r\n"

    /// The response's `Content-Type`.
    public var contentType: String {
        switch self {
        case .serverSentEvents: "text/event-stream; charset=utf-8"
        case .multipart: "multipart/mixed;boundary=\"graphql\";subscriptionSpec=\"1.0\""
        }
    }

    /// What is written right after the headers, so that they leave at once and the client
    /// knows the subscription is live.
    public var opening: String {
        switch self {
        case .serverSentEvents: ": subscribed\n\n"
        case .multipart: Self.part + "{}"
        }
    }

    /// One result (a GraphQL response object as JSON).
    public func event(_ result: String) -> String {
        switch self {
        case .serverSentEvents: "event: next\ndata: \(result)\n\n"
        case .multipart: Self.part + "{\"payload\":\(result)}"
        }
    }

    /// What keeps an idle connection open through proxies and shows when the client is gone.
    public var heartbeat: String {
        switch self {
        case .serverSentEvents: ": keep-alive\n\n"
        case .multipart: Self.part + "{}"
        }
    }

    /// The end of the stream: the subscription is over.
    public var closing: String {
        switch self {
        case .serverSentEvents: "event: complete\ndata:\n\n"
        case .multipart: "\r\n--graphql--\r\n"
        }
    }
}
