import Domain
import Services

/// What every resolver of one request sees; made fresh for each request, never shared.
public struct RequestContext: Sendable {
    /// The domain services, over the process's connections.
    public let services: AppServices
    /// The request's correlation id.
    public let requestID: String

    /// Creates a context.
    public init(services: AppServices, requestID: String) {
        self.services = services
        self.requestID = requestID
    }
}
