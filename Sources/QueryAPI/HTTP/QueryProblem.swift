import Hummingbird

/// An error the query API answers with its JSON error shape, `{"error", "field"?}`
/// (plus `currentVersion` and `minVersion` on a read-your-writes time-out).
struct QueryProblem: Error, Sendable {
    let status: HTTPResponse.Status
    let message: String
    var field: String?
    var currentVersion: Int64?
    var minVersion: Int64?
    var retryAfterSeconds: Int?

    static func badRequest(_ message: String, field: String? = nil) -> Self {
        Self(status: .badRequest, message: message, field: field)
    }

    static func unavailable(_ message: String) -> Self {
        Self(status: .serviceUnavailable, message: message, retryAfterSeconds: 1)
    }

    private struct Body: Encodable {
        let error: String
        let field: String?
        let currentVersion: Int64?
        let minVersion: Int64?
    }

    /// The JSON error response.
    var response: Response {
        var headers: HTTPFields = [:]
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        return Response.json(
            Body(error: message, field: field, currentVersion: currentVersion, minVersion: minVersion), status: status, headers: headers)
    }
}
