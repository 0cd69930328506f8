/// The socket under a graphql-ws connection, as the protocol core sees it: the WebSocket
/// listener implements it over its channel, the tests over a recording.
public protocol GraphQLWSPeer: Sendable {
    /// Sends one text message; answers false once the socket is gone (or was closed by a send
    /// that took too long).
    func send(_ text: String) async -> Bool
    /// Sends a close frame with `code` and `reason`, then closes the socket.
    func close(code: GraphQLWSCloseCode, reason: String) async
}

/// The close codes a server sends: the GraphQL over WebSocket protocol's
/// (`graphql-transport-ws`) and the four of RFC 6455 it uses. 4499 (`Terminated`) is the client's own: a client that ends the socket itself
/// reports it, and the server only sees the socket end.
public enum GraphQLWSCloseCode: UInt16, Sendable {
    /// The socket's work is over (the client said so, or the server is stopping).
    case normal = 1000
    /// The server is stopping (a restart): the client reconnects.
    case goingAway = 1001
    /// Frames that break RFC 6455 (a fragment out of place).
    case protocolError = 1002
    /// A message larger than the request size limit (RFC 6455's "message too big").
    case messageTooBig = 1009
    /// A message of a type or shape the protocol does not define.
    case badRequest = 4400
    /// `subscribe` before the connection was acknowledged.
    case unauthorized = 4401
    /// `connection_init` carried credentials that are not valid, or a stream's sign-in ended.
    case forbidden = 4403
    /// The client did not offer the `graphql-transport-ws` subprotocol.
    case subprotocolNotAcceptable = 4406
    /// No `connection_init` within the allowed time.
    case connectionInitialisationTimeout = 4408
    /// `subscribe` with the id of a stream that is still live.
    case subscriberAlreadyExists = 4409
    /// A second `connection_init`.
    case tooManyInitialisationRequests = 4429
    /// The server failed; nothing the client sent explains it.
    case internalServerError = 4500
}
