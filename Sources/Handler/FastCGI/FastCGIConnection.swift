import CFastCGI
import Foundation
import Synchronization

/// One connection from the web server. The dispatcher thread reads it and parses its records;
/// workers write answers to it. Writes are serialised per connection, so records of requests
/// multiplexed on it never interleave. The descriptor is closed only when the last holder lets
/// go (`deinit`), so a worker still answering never writes to a number reused by a new connection.
final class FastCGIConnection: @unchecked Sendable {
    /// The socket.
    let descriptor: Int32
    /// Bytes read and not yet parsed into records (dispatcher thread only).
    private var input: [UInt8] = []
    /// Where the unparsed bytes of `input` start.
    private var consumed = 0
    /// Requests begun and not yet complete, by id (dispatcher thread only).
    private var pending: [UInt16: FastCGIJob] = [:]
    /// Serialises writes.
    private let writing = Mutex(())
    /// Set once the peer has gone or the server shut the connection.
    private let gone = Atomic<Bool>(false)
    /// Most parameter bytes one request may send (nginx sends a few hundred); past it the
    /// connection is dropped, so no peer can grow the dispatcher's memory without bound.
    static let maxParameterBytes = 1 << 20
    /// Most requests begun and not yet complete on one connection.
    static let maxPending = 64

    /// Takes over an accepted socket.
    init(descriptor: Int32) {
        self.descriptor = descriptor
        // A peer that stops reading must not hold a worker forever.
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(descriptor) }

    /// Whether the connection can no longer carry answers.
    var isGone: Bool { gone.load(ordering: .acquiring) }

    /// Reads what the socket has without blocking and answers the requests it completes; false
    /// once the peer has closed the connection or broken the protocol.
    func readAvailable(bodyLimit: (String?) -> Int) -> (open: Bool, complete: [FastCGIJob]) {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        if count < 0, errno == EAGAIN || errno == EINTR { return (true, []) }
        guard count > 0 else { return (false, []) }
        input += chunk[0..<count]
        var complete: [FastCGIJob] = []
        while input.count - consumed >= FastCGIRecord.headerLength {
            guard let record = FastCGIRecord(input, at: consumed) else { return (false, complete) }
            guard input.count - consumed >= record.totalLength else { break }
            let start = consumed + FastCGIRecord.headerLength
            let content = input[start..<start + record.contentLength]
            consumed += record.totalLength
            switch accept(record, content: content, bodyLimit: bodyLimit) {
            case .job(let job): complete.append(job)
            case .nothing: break
            case .overrun: return (false, complete)
            }
        }
        // Drop what is parsed once it is most of the buffer, so the buffer stays small.
        if consumed > 0, consumed * 2 >= input.count {
            input.removeFirst(consumed)
            consumed = 0
        }
        return (true, complete)
    }

    /// What one record did.
    private enum Outcome {
        /// Completed a request.
        case job(FastCGIJob)
        /// Nothing to run yet.
        case nothing
        /// Went past a limit: the connection is dropped.
        case overrun
    }

    /// Takes one record.
    private func accept(_ record: FastCGIRecord, content: ArraySlice<UInt8>, bodyLimit: (String?) -> Int) -> Outcome {
        let id = record.requestID
        switch record.type {
        case FCGI_BEGIN_REQUEST where content.count >= 3:
            let role = Int32(content[content.startIndex]) << 8 | Int32(content[content.startIndex + 1])
            guard role == FCGI_RESPONDER else {
                send(FastCGIRecord.endRequest(id, protocolStatus: FCGI_UNKNOWN_ROLE))
                return .nothing
            }
            guard pending.count < Self.maxPending else { return .overrun }
            let keep = content[content.startIndex + 2] & UInt8(FCGI_KEEP_CONN) != 0
            pending[id] = FastCGIJob(connection: self, requestID: id, keepConnection: keep)
        case FCGI_PARAMS:
            guard let job = pending[id] else { break }
            guard job.parameters.count + content.count <= Self.maxParameterBytes else { return .overrun }
            job.parameters += content
        case FCGI_STDIN where content.isEmpty:
            return pending.removeValue(forKey: id).map(Outcome.job) ?? .nothing
        case FCGI_STDIN:
            // One byte over the limit is enough for the gateway to answer 413; the rest is dropped.
            // The limit follows the content type (an upload may be larger), read once per body.
            if let job = pending[id] {
                let limit = job.bodyLimit ?? bodyLimit(job.metaVariables["CONTENT_TYPE"])
                job.bodyLimit = limit
                if job.body.count <= limit { job.body += content.prefix(limit + 1 - job.body.count) }
            }
        case FCGI_ABORT_REQUEST:
            if pending.removeValue(forKey: id) != nil { send(FastCGIRecord.endRequest(id)) }
        case FCGI_GET_VALUES:
            // Requests on one connection are answered independently, so it may multiplex.
            let values = FastCGIRecord.encodePairs([("FCGI_MAX_CONNS", "1024"), ("FCGI_MAX_REQS", "1024"), ("FCGI_MPXS_CONNS", "1")])
            var output: [UInt8] = []
            FastCGIRecord.append(type: FCGI_GET_VALUES_RESULT, requestID: 0, content: values[...], to: &output)
            send(output)
        case FCGI_BEGIN_REQUEST, FCGI_DATA:
            break
        default:
            var output: [UInt8] = []
            FastCGIRecord.append(type: FCGI_UNKNOWN_TYPE, requestID: 0, content: [UInt8(record.type), 0, 0, 0, 0, 0, 0, 0], to: &output)
            send(output)
        }
        return .nothing
    }

    /// Writes bytes whole; false if the peer is gone or the write timed out.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        writing.withLock { _ in
            guard !isGone else { return false }
            var written = 0
            while written < bytes.count {
                let count = bytes.withUnsafeBytes { buffer in
                    Glibc.send(descriptor, buffer.baseAddress! + written, buffer.count - written, Int32(MSG_NOSIGNAL))
                }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else {
                    gone.store(true, ordering: .releasing)
                    return false
                }
                written += count
            }
            return true
        }
    }

    /// Marks the connection gone and wakes its reader: the dispatcher sees the end of input and
    /// lets the connection go.
    func shut() {
        gone.store(true, ordering: .releasing)
        shutdown(descriptor, Int32(SHUT_RDWR))
    }

    /// Marks the connection gone without touching the socket, when the dispatcher saw its end,
    /// and drops the requests it never completed (they hold the connection: a cycle otherwise).
    func release() {
        gone.store(true, ordering: .releasing)
        pending.removeAll()
    }
}
