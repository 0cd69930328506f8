import Domain
import Services

/// What every resolver of one request sees; made fresh for each request, never shared with
/// another request. A class, so handing it to each resolver costs one reference.
public final class RequestContext: Sendable {
    /// The domain services, over the process's connections.
    public let services: AppServices
    /// The request's correlation id.
    public let requestID: String
    /// Who is asking, established from the request's credentials.
    public let viewer: Viewer
    /// The client's network address (for rate limits).
    public let clientAddress: String
    /// The request's batch loaders.
    let loaders: RequestLoaders
    /// What resolvers ask the transport to do besides answering (the session cookie).
    public let effects = ResponseEffects()

    /// When the request's time is up (uptime nanoseconds): resolvers that GraphQLSwift's executor
    /// calls later throw instead of working on, so a request stops where it answered `TIMEOUT`.
    public let deadline: UInt64

    /// The files a multipart request carried, by part name (see `Upload`).
    let uploads: [String: UploadedFile]

    /// Creates a context.
    public init(
        services: AppServices, requestID: String, viewer: Viewer = .anonymous, clientAddress: String = "local",
        deadline: UInt64 = .max, uploads: [String: UploadedFile] = [:]
    ) {
        self.deadline = deadline
        self.uploads = uploads
        self.services = services
        self.requestID = requestID
        self.viewer = viewer
        self.clientAddress = clientAddress
        loaders = RequestLoaders(services: services, viewer: viewer)
    }
}
