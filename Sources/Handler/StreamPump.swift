import Endpoint

/// Writes a live subscription's events until the subscribed object reaches a final state, the
/// client leaves (a write fails) or the server stops. Shared by the FastCGI and CGI front ends,
/// which differ only in how bytes reach the web server.
enum StreamPump {
    /// Polls of the event store (each waits ~0.2 s) without news before a heartbeat is sent.
    private static let quietPollsPerHeartbeat = 25

    /// Runs the stream after its head was written; `write` answers false once the client is gone.
    static func run(_ stream: EventStream, framing: StreamFraming, stopping: () -> Bool, write: ([UInt8]) -> Bool) async {
        var quiet = 0
        var open = write(Array(framing.opening.utf8))
        while open, !stopping(), !stream.isFinished {
            let payloads = await stream.next()
            var chunk = payloads.map(framing.event).joined()
            quiet = payloads.isEmpty ? quiet + 1 : 0
            // A heartbeat every ~5 s keeps proxies from timing out and shows when the client is gone.
            if quiet >= quietPollsPerHeartbeat { chunk = framing.heartbeat; quiet = 0 }
            if !chunk.isEmpty { open = write(Array(chunk.utf8)) }
        }
        if open, let error = stream.endingError { open = write(Array(framing.event(error).utf8)) }
        if open { _ = write(Array(framing.closing.utf8)) }
    }
}
