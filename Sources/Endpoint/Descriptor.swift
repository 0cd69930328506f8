import Foundation

/// Whole writes to a file descriptor with write(2): a log line or a CGI answer either goes out
/// entire (retrying short writes and interruptions) or the reader is gone.
public enum Descriptor {
    /// Writes every byte of `bytes` to `descriptor`; false once a write fails (the reader left).
    @discardableResult
    public static func writeWhole(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var written = 0
        while written < bytes.count {
            let count = write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return false }
            written += count
        }
        return true
    }
}
