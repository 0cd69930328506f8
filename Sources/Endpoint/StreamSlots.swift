import Foundation

/// Counts live subscription streams so that no subscriber can exhaust the process: at most
/// `limit` in all, `perUser` for one account and `perAddress` from one client address. The
/// FastCGI front end and the WebSocket listener each keep one for their process.
public final class StreamSlots: @unchecked Sendable {
    /// Most live streams per process.
    public let limit: Int
    /// Most live streams of one account (a few tabs and devices).
    public let perUser: Int
    /// Most live streams from one client address (several accounts behind one network).
    public let perAddress: Int
    private let lock = NSLock()
    private var count = 0
    private var users: [String: Int] = [:]
    private var addresses: [String: Int] = [:]

    /// No stream yet. The defaults are FastCGI's, where each stream holds a thread: 64 per
    /// process, 8 per account, 16 per address.
    public init(limit: Int = 64, perUser: Int = 8, perAddress: Int = 16) {
        (self.limit, self.perUser, self.perAddress) = (limit, perUser, perAddress)
    }

    /// Takes a slot for a new stream; false when any of the limits is reached.
    public func begin(user: String, address: String) -> Bool {
        lock.withLock {
            guard count < limit, users[user, default: 0] < perUser, addresses[address, default: 0] < perAddress
            else { return false }
            count += 1
            users[user, default: 0] += 1
            addresses[address, default: 0] += 1
            return true
        }
    }

    /// Gives back the slot of a stream that ended.
    public func end(user: String, address: String) {
        lock.withLock {
            count -= 1
            users[user, default: 1] -= 1
            if users[user] == 0 { users[user] = nil }
            addresses[address, default: 1] -= 1
            if addresses[address] == 0 { addresses[address] = nil }
        }
    }
}
