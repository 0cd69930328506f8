import Domain

/// A `multipart/form-data` body (RFC 7578), as the GraphQL multipart request format sends one:
/// an `operations` part, a `map` part, then the files.
struct MultipartForm {
    /// One part: its form name, the file name and type a file part gives, and its bytes.
    struct Part {
        let name: String
        let filename: String?
        let contentType: String?
        let bytes: ArraySlice<UInt8>
    }

    /// Most parts a form may have: the two JSON parts and a few files.
    static let maxParts = 10
    /// Most bytes of one part's headers.
    static let maxHeaderBytes = 8192

    /// The boundary of a `multipart/form-data` content type, or nil for any other type.
    static func boundary(of contentType: String?) -> String? {
        guard let contentType else { return nil }
        let parameters = contentType.split(separator: ";").map { $0.trimmingHTTPWhitespace() }
        guard parameters.first?.lowercased() == "multipart/form-data" else { return nil }
        for parameter in parameters.dropFirst() where parameter.lowercased().hasPrefix("boundary=") {
            var value = parameter.dropFirst("boundary=".count)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
            // RFC 2046: 1 to 70 characters.
            return (1...70).contains(value.count) ? String(value) : nil
        }
        return nil
    }

    /// The parts of `body`; nil when it is not a well-formed form with this boundary.
    static func parts(of body: [UInt8], boundary: String) -> [Part]? {
        let delimiter = Array("--\(boundary)".utf8)
        guard var at = find(delimiter, in: body, from: 0) else { return nil }
        var parts: [Part] = []
        while true {
            at += delimiter.count
            // The closing delimiter ends the form.
            if body[at...].starts(with: [0x2D, 0x2D]) { return parts }
            guard body[at...].starts(with: [0x0D, 0x0A]), parts.count < maxParts else { return nil }
            let headerStart = at + 2
            guard let headerEnd = find([0x0D, 0x0A, 0x0D, 0x0A], in: body, from: headerStart),
                  headerEnd - headerStart <= maxHeaderBytes
            else { return nil }
            let contentStart = headerEnd + 4
            guard let next = find([0x0D, 0x0A] + delimiter, in: body, from: contentStart) else { return nil }
            guard let part = part(headers: body[headerStart..<headerEnd], bytes: body[contentStart..<next]) else { return nil }
            parts.append(part)
            at = next + 2
        }
    }

    private static func part(headers: ArraySlice<UInt8>, bytes: ArraySlice<UInt8>) -> Part? {
        var name: String?, filename: String?, contentType: String?
        for line in String(decoding: headers, as: UTF8.self).split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let field = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingHTTPWhitespace()
            if field == "content-type" { contentType = String(value) }
            guard field == "content-disposition" else { continue }
            let items = value.split(separator: ";").map { $0.trimmingHTTPWhitespace() }
            guard items.first?.lowercased() == "form-data" else { return nil }
            for item in items.dropFirst() {
                guard let equals = item.firstIndex(of: "=") else { continue }
                var text = item[item.index(after: equals)...]
                if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = text.dropFirst().dropLast() }
                switch item[..<equals].lowercased() {
                case "name": name = String(text)
                case "filename": filename = String(text)
                default: break
                }
            }
        }
        guard let name else { return nil }
        return Part(name: name, filename: filename, contentType: contentType, bytes: bytes)
    }

    /// Where `needle` first occurs in `haystack` at or after `start`.
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, needle.count <= haystack.count else { return nil }
        var index = start
        let last = haystack.count - needle.count
        return haystack.withUnsafeBufferPointer { buffer in
            while index <= last {
                if buffer[index] == first {
                    var matched = true
                    for offset in 1..<needle.count where buffer[index + offset] != needle[offset] {
                        matched = false
                        break
                    }
                    if matched { return index }
                }
                index += 1
            }
            return nil
        }
    }
}
