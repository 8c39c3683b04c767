import Hummingbird

/// Conditional GETs: the `ETag` of a product view is its version, `"<version>"`; an
/// `If-None-Match` that lists it (or `*`) answers 304 with no body.
enum ETag {
    static func tag(_ version: Int64) -> String { "\"\(version)\"" }

    static func response(_ body: some Encodable, version: Int64, request: Request) -> Response {
        let tag = tag(version)
        if matches(request.headers[values: .ifNoneMatch], tag: tag) {
            return Response(status: .notModified, headers: [.eTag: tag])
        }
        return .json(body, headers: [.eTag: tag])
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
