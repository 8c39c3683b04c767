import Hummingbird

/// Conditional GETs. A product view's `ETag` is its version, `"<version>"`; a list's is
/// a hash of its body (``ListETag``). An `If-None-Match` that lists the tag (or `*`)
/// answers 304 with no body.
enum ETag {
    static func tag(_ version: Int64) -> String { "\"\(version)\"" }

    static func response(_ body: some Encodable, version: Int64, request: Request) -> Response {
        guard let encoded = Response.jsonBody(body) else { return .json(body) }
        return response(body: encoded, tag: tag(version), request: request)
    }

    /// `body` (JSON) with `ETag: tag`, or 304 when `If-None-Match` names the tag.
    static func response(body: ByteBuffer, tag: String, request: Request) -> Response {
        if matches(request.headers[values: .ifNoneMatch], tag: tag) {
            return Response(status: .notModified, headers: [.eTag: tag])
        }
        return .json(body: body, headers: [.eTag: tag])
    }

    /// Whether any `If-None-Match` value names `tag` (weak comparison, as RFC 9110 asks).
    static func matches(_ values: [String], tag: String) -> Bool {
        values.flatMap { $0.split(separator: ",") }.contains { candidate in
            var candidate = candidate.trimmingCharacters(in: .whitespaces)[...]
            if candidate == "*" { return true }
            if candidate.hasPrefix("W/") { candidate = candidate.dropFirst(2) }
            return candidate == tag
        }
    }
}
