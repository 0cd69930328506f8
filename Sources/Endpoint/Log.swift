import Domain
import Foundation

/// Structured JSON log lines on standard error. Never logs tokens, e-mail addresses or variables.
public struct Log: Sendable {
    /// Whether lines are written (tests silence it).
    public var isEnabled: Bool

    /// Creates a log.
    public init(isEnabled: Bool = true) {
        self.isEnabled = isEnabled
    }

    /// Records an unexpected error with its details, which the client never sees.
    public func internalError(_ error: any Error, requestID: String) {
        internalError(detail: String(describing: error), requestID: requestID)
    }

    /// Records an unexpected error already described (the engine hands over descriptions).
    public func internalError(detail: String, requestID: String) {
        write(["level": .string("error"), "event": .string("internal_error"), "requestId": .string(requestID), "error": .string(detail)])
    }

    /// Writes one line with one write(2): whole lines never interleave between workers, and
    /// no `FileHandle` or `Data` is made per request.
    public func write(_ fields: [String: JSONValue]) {
        guard isEnabled else { return }
        var line = JSONWriter.string(.object(fields))
        line += "\n"
        _ = line.withUTF8 { Descriptor.writeWhole(2, UnsafeRawBufferPointer($0)) }
    }
}
