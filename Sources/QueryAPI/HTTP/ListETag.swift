import Hummingbird

/// The `ETag` of a list route: `"l-<16 hex digits>"`, the 64-bit FNV-1a hash of the exact
/// JSON body. It changes whenever the answer changes (an item, its order, a field, the
/// next cursor), and only then; versions alone cannot say that of a list, since items
/// join and leave it. Computing it costs the query, so a 304 saves the transfer only.
enum ListETag {
    static func tag(of body: ByteBuffer) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        body.withUnsafeReadableBytes { bytes in
            for byte in bytes {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01b3
            }
        }
        let hex = String(hash, radix: 16)
        return "\"l-" + String(repeating: "0", count: 16 - hex.count) + hex + "\""
    }

    /// `value` as JSON with its list `ETag`, or 304 when `If-None-Match` names it.
    static func response(_ value: some Encodable, request: Request) -> Response {
        response(body: Response.jsonBody(value), request: request)
    }

    /// An encoded list body with its `ETag`, or 304; 500 when it could not be encoded.
    static func response(body: ByteBuffer?, request: Request) -> Response {
        guard let body else { return QueryProblem(status: .internalServerError, message: "the response could not be encoded").response }
        return ETag.response(body: body, tag: tag(of: body), request: request)
    }

    /// A list body the near cache holds, with its `ETag`, or 304.
    static func response(_ list: CachedList, request: Request) -> Response {
        ETag.response(body: list.body, tag: list.tag, request: request)
    }
}
