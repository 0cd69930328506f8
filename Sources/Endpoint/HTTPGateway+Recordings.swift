import Domain
import Foundation
import Services

extension HTTPGateway {
    /// A recording's bytes, for a signed playback link (`Recording.url`), within the client
    /// address's request budget: with a recording cache
    /// (behind nginx), a copy is written there once and nginx is told to send it
    /// (`X-Accel-Redirect`), Range requests and all; without one, the handler answers the
    /// request itself, a single byte range included.
    func recording(_ request: HTTPRequest) -> HTTPResponse {
        if let refusal = methodRefusal(request, allowed: ["GET", "HEAD"], hint: "Use GET.") { return refusal }
        let id = String(request.path.dropFirst("/recordings/".count))
        let parameters = FormDecoding.parameters(request.query) ?? [:]
        let recordings = endpoint.runtime.services.recordings
        // An unknown id and a bad signature look alike: a link either works or it does not.
        guard id.count <= 64, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }),
              recordings.verifyLink(id: id, expires: parameters["expires"], signature: parameters["signature"])
        else { return plain(403, "This link is not valid or has expired; ask for the recording again.") }
        if let refusal = overBudget("client:" + request.remoteAddress) { return refusal }
        let found: Recording?
        do { found = try recordings.recording(id: id) } catch { return plain(503, "The recording is unavailable; try again shortly.") }
        guard let recording = found else { return plain(404, "Not found.") }
        let etag = "\"\(recording.sha256)\""
        var headers: [(name: String, value: String)] = [
            ("Content-Type", recording.format.mediaType), ("Cache-Control", "private, max-age=3600"), ("ETag", etag),
            ("Accept-Ranges", "bytes"),
            ("Content-Disposition", "inline; filename=\"recording-\(recording.id).\(recording.format.fileExtension)\""),
        ]
        // The bytes are read only for a copy not yet cached, or to send them here.
        let cache = endpoint.configuration.recordingCache.map(RecordingCache.init(folder:))
        let name = RecordingService.cacheName(of: recording)
        let cached = cache?.holds(name) ?? false
        var bytes: [UInt8] = []
        if !cached {
            do {
                guard let stored = try recordings.bytes(id: id) else { return plain(404, "Not found.") }
                bytes = stored
            } catch {
                return plain(503, "The recording is unavailable; try again shortly.")
            }
        }
        if let cache, cached || cache.store(bytes, as: name) {
            headers.append(("X-Accel-Redirect", "/_recordings/\(name)"))
            return HTTPResponse(status: 200, headers: headers)
        }
        if request.headers["if-none-match"] == etag { return HTTPResponse(status: 304, headers: headers) }
        guard let range = request.headers["range"] else {
            var response = HTTPResponse(status: 200, headers: headers)
            response.bytes = request.method == "HEAD" ? [] : bytes
            return response
        }
        guard let (start, end) = Self.byteRange(range, length: bytes.count) else {
            headers.append(("Content-Range", "bytes */\(bytes.count)"))
            return HTTPResponse(status: 416, headers: headers)
        }
        headers.append(("Content-Range", "bytes \(start)-\(end)/\(bytes.count)"))
        var response = HTTPResponse(status: 206, headers: headers)
        response.bytes = request.method == "HEAD" ? [] : Array(bytes[start...end])
        return response
    }

    /// The signed-in user's data export as a zip archive (`UserService.exportArchive`), for the
    /// bearer token or session cookie the request carries, within the user's request budget.
    func exportArchive(_ request: HTTPRequest) -> HTTPResponse {
        if let refusal = methodRefusal(request, allowed: ["GET"], hint: "Use GET.") { return refusal }
        let services = endpoint.runtime.services
        let archive: [UInt8]
        do {
            let viewer = try Credentials.viewer(from: request.headers, auth: services.auth)
            guard case .user(let userID, _) = viewer else { return plain(401, "Sign in to export your data.") }
            if let refusal = overBudget("user:" + userID) { return refusal }
            archive = try services.users.exportArchive(viewer: viewer)
        } catch let error as APIError where error.code == .unauthenticated {
            return plain(401, error.message)
        } catch {
            return plain(503, "The export is unavailable; try again shortly.")
        }
        var response = HTTPResponse(status: 200, headers: [
            ("Content-Type", "application/zip"), ("Cache-Control", "no-store"),
            ("Content-Disposition", "attachment; filename=\"mirubato-export.zip\""),
        ])
        response.bytes = archive
        return response
    }

    /// A 429 with `Retry-After` when `subject` has spent its request budget (the one GraphQL
    /// requests spend), else nil after counting this request against it.
    private func overBudget(_ subject: String) -> HTTPResponse? {
        do {
            try endpoint.runtime.services.limiter.spend("requests", subject: subject, budget: endpoint.runtime.settings.requests, scope: .process)
            return nil
        } catch let error as APIError where error.code == .rateLimited {
            var response = plain(429, error.message)
            response.headers += Self.denial([error.code], retryAfter: error.extensions["retryAfter"]?.integerValue.map(Int.init))?.headers ?? []
            return response
        } catch {
            return plain(503, "The service is unavailable; try again shortly.")
        }
    }

    /// The first and last byte of a single `Range: bytes=` request within `length` bytes; nil
    /// when it cannot be satisfied (several ranges are answered as their first one).
    static func byteRange(_ header: String, length: Int) -> (Int, Int)? {
        guard header.hasPrefix("bytes="), length > 0 else { return nil }
        let first = header.dropFirst("bytes=".count).split(separator: ",").first?.trimmingHTTPWhitespace() ?? ""
        let sides = first.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard sides.count == 2 else { return nil }
        if sides[0].isEmpty {
            // The last N bytes.
            guard let suffix = Int(sides[1]), suffix > 0 else { return nil }
            return (max(0, length - suffix), length - 1)
        }
        guard let start = Int(sides[0]), start >= 0, start < length else { return nil }
        if sides[1].isEmpty { return (start, length - 1) }
        guard let end = Int(sides[1]), end >= start else { return nil }
        return (start, min(end, length - 1))
    }
}
