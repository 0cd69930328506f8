import Foundation

/// The one thread that owns the listening socket and every connection: it accepts, reads
/// records as they arrive and queues each request once it is whole. A connection the web server
/// keeps open between requests costs a descriptor here and holds no worker, so kept connections
/// (nginx's `keepalive` + `fastcgi_keep_conn on`) can outnumber the workers.
struct FastCGIDispatcher {
    /// The listening socket.
    let listener: Int32
    /// Where whole requests go.
    let queue: JobQueue
    /// Largest body kept (one byte more shows the gateway it is too large).
    let bodyLimit: @Sendable (String?) -> Int
    /// Read end of the pipe the stop signal writes to.
    let wake: Int32

    /// Runs until `stopping()` is true after a wake-up, then closes the queue.
    func run(stopping: () -> Bool) {
        _ = fcntl(listener, F_SETFL, fcntl(listener, F_GETFL) | O_NONBLOCK)
        var connections: [Int32: FastCGIConnection] = [:]
        var polled: [pollfd] = []
        while !stopping() {
            polled.removeAll(keepingCapacity: true)
            polled.append(pollfd(fd: listener, events: Int16(POLLIN), revents: 0))
            polled.append(pollfd(fd: wake, events: Int16(POLLIN), revents: 0))
            for descriptor in connections.keys { polled.append(pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)) }
            guard poll(&polled, nfds_t(polled.count), -1) >= 0 || errno == EINTR else { break }
            for entry in polled.dropFirst(2) where entry.revents != 0 {
                guard let connection = connections[entry.fd] else { continue }
                let (open, complete) = connection.readAvailable(bodyLimit: bodyLimit)
                queue.put(complete)
                if !open {
                    connection.release()
                    connections[entry.fd] = nil
                }
            }
            if polled[0].revents != 0 {
                while true {
                    let descriptor = accept(listener, nil, nil)
                    guard descriptor >= 0 else { break }
                    // Not inherited by processes a request might start.
                    _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
                    connections[descriptor] = FastCGIConnection(descriptor: descriptor)
                }
            }
        }
        queue.close()
    }
}
