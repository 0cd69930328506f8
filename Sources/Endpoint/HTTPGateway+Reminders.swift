import Domain

extension HTTPGateway {
    /// `/unsubscribe?token=…`, the link in every reminder. GET answers a page with one button
    /// and changes nothing (mail scanners follow links); POST turns reminders off, as RFC 8058's
    /// one-click `List-Unsubscribe-Post` does from a mail client.
    func unsubscribe(_ request: HTTPRequest) -> HTTPResponse {
        guard request.method == "GET" || request.method == "POST" else {
            var response = plain(405, "Use GET or POST.")
            response.headers.append(("Allow", "GET, POST"))
            return response
        }
        let token = FormDecoding.parameters(request.query)?["token"] ?? ""
        let services = endpoint.runtime.services
        guard services.reminders.userID(unsubscribeToken: token) != nil else {
            return page(404, "Link not recognised", "This unsubscribe link is not valid. You can turn reminders off in Settings.")
        }
        guard request.method == "POST" else {
            let action = "/unsubscribe?token=" + token
            return page(200, "Turn off practice reminders?", """
                <form method="post" action="\(action)"><input type="hidden" name="List-Unsubscribe" value="One-Click">\
                <button type="submit">Turn off reminders</button></form>
                """, isHTML: true)
        }
        do {
            guard try services.reminders.unsubscribe(token: token) else {
                return page(404, "Account not found", "There is no account for this link any more.")
            }
            return page(200, "Reminders are off", "You will get no more practice reminders. You can turn them back on in Settings.")
        } catch {
            return page(503, "Please try again", "Reminders could not be turned off just now. Please try again in a minute.")
        }
    }

    /// `/calendar/TOKEN.ics`: a user's private calendar feed, or 404 for any token that is not
    /// a live feed's, with no hint of why.
    func calendar(_ request: HTTPRequest) -> HTTPResponse {
        if let refusal = methodRefusal(request, allowed: ["GET", "HEAD"], hint: "Use GET.") { return refusal }
        let token = String(request.path.dropFirst("/calendar/".count).dropLast(".ics".count))
        do {
            guard let document = try endpoint.runtime.services.calendarFeeds.document(token: token) else { return plain(404, "Not found.") }
            return HTTPResponse(
                status: 200,
                headers: [("Content-Type", "text/calendar; charset=utf-8"), ("Cache-Control", "private, max-age=300"),
                          ("Content-Disposition", "inline; filename=\"mirubato.ics\"")],
                body: request.method == "HEAD" ? "" : document)
        } catch {
            return plain(503, "The calendar is unavailable; try again shortly.")
        }
    }

    private func page(_ status: Int, _ title: String, _ text: String, isHTML: Bool = false) -> HTTPResponse {
        let body = isHTML ? text : "<p>\(text)</p>"
        return HTTPResponse(
            status: status,
            headers: [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store"), ("Referrer-Policy", "no-referrer"),
                      ("Content-Security-Policy", "default-src 'none'; form-action 'self'; frame-ancestors 'none'")],
            body: """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">\
                <title>\(title) · Mirubato</title></head><body><h1>\(title)</h1>\(body)</body></html>

                """)
    }
}
