import CFastCGI

/// A FastCGI record header (FastCGI 1.0 §3.3), and the encoding of the records a responder sends.
/// The constants are libfcgi's own (`fastcgi.h`), so the wire format has one definition.
struct FastCGIRecord {
    /// The record type (`FCGI_BEGIN_REQUEST`, `FCGI_PARAMS`, …).
    let type: Int32
    /// The request the record belongs to; 0 for management records.
    let requestID: UInt16
    /// Bytes of content after the header.
    let contentLength: Int
    /// Bytes of padding after the content.
    let paddingLength: Int

    /// Bytes in a header.
    static let headerLength = Int(FCGI_HEADER_LEN)
    /// Most content bytes one record can carry.
    static let maxContent = Int(FCGI_MAX_LENGTH)

    /// Reads the header at `offset`; nil unless it is a version-1 header.
    init?(_ bytes: [UInt8], at offset: Int) {
        guard bytes[offset] == UInt8(FCGI_VERSION_1) else { return nil }
        type = Int32(bytes[offset + 1])
        requestID = UInt16(bytes[offset + 2]) << 8 | UInt16(bytes[offset + 3])
        contentLength = Int(bytes[offset + 4]) << 8 | Int(bytes[offset + 5])
        paddingLength = Int(bytes[offset + 6])
    }

    /// Header, content and padding together.
    var totalLength: Int { Self.headerLength + contentLength + paddingLength }

    /// Appends `content` as records of `type`, split at the 65,535-byte limit and padded to a
    /// multiple of 8 as the specification recommends. Empty content makes one empty record: the
    /// end of a stream.
    static func append(type: Int32, requestID: UInt16, content: ArraySlice<UInt8>, to output: inout [UInt8]) {
        var start = content.startIndex
        repeat {
            let end = min(start + maxContent, content.endIndex)
            let length = end - start
            let padding = (8 - length % 8) % 8
            output += [
                UInt8(FCGI_VERSION_1), UInt8(type), UInt8(requestID >> 8), UInt8(requestID & 0xFF),
                UInt8(length >> 8), UInt8(length & 0xFF), UInt8(padding), 0,
            ]
            output += content[start..<end]
            output += repeatElement(0, count: padding)
            start = end
        } while start < content.endIndex
    }

    /// An `FCGI_END_REQUEST` record with application status 0.
    static func endRequest(_ requestID: UInt16, protocolStatus: Int32 = FCGI_REQUEST_COMPLETE) -> [UInt8] {
        var output: [UInt8] = []
        append(type: FCGI_END_REQUEST, requestID: requestID, content: [0, 0, 0, 0, UInt8(protocolStatus), 0, 0, 0], to: &output)
        return output
    }

    /// Decodes name-value pairs (§3.4): each length is one byte, or four with the high bit set.
    /// A truncated pair ends the decoding; what came before it is kept.
    static func pairs(_ bytes: [UInt8]) -> [String: String] {
        var result: [String: String] = [:]
        var index = 0
        func length() -> Int? {
            guard index < bytes.count else { return nil }
            if bytes[index] < 0x80 {
                index += 1
                return Int(bytes[index - 1])
            }
            guard index + 4 <= bytes.count else { return nil }
            let value = Int(bytes[index] & 0x7F) << 24 | Int(bytes[index + 1]) << 16 | Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            index += 4
            return value
        }
        while let nameLength = length(), let valueLength = length(), index + nameLength + valueLength <= bytes.count {
            let name = String(decoding: bytes[index..<index + nameLength], as: UTF8.self)
            index += nameLength
            result[name] = String(decoding: bytes[index..<index + valueLength], as: UTF8.self)
            index += valueLength
        }
        return result
    }

    /// Encodes name-value pairs, for `FCGI_GET_VALUES_RESULT`.
    static func encodePairs(_ pairs: [(String, String)]) -> [UInt8] {
        var output: [UInt8] = []
        func length(_ count: Int) {
            if count < 0x80 {
                output.append(UInt8(count))
            } else {
                output += [UInt8(count >> 24 | 0x80), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)]
            }
        }
        for (name, value) in pairs {
            length(name.utf8.count)
            length(value.utf8.count)
            output += name.utf8
            output += value.utf8
        }
        return output
    }
}
