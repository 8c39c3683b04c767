import EventSourcing

/// Why a command was not applied, as the client sees it: a status code (HTTP
/// semantics, also used by the command queue's results) and a message that says what
/// was wrong and what to do.
///
/// Its JSON form is `{"error": "...", "field"?: "...", "currentVersion"?: n}`.
public struct CommandProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status code: 400, 404, 409, 412, 413, 422, 500 or 503.
    public var status: Int
    /// What went wrong and what to do about it.
    public var message: String
    /// The body field, path parameter (`id`) or header (`Idempotency-Key`, `If-Match`;
    /// `commandId`, `expectedVersion`, `type`, `body` in the queue) at fault, if one is.
    public var field: String?
    /// For 412: the aggregate's current version, to reload and retry against.
    public var currentVersion: Int64?
    /// For 503: seconds to wait before retrying.
    public var retryAfterSeconds: Int?

    public init(status: Int, message: String, field: String? = nil, currentVersion: Int64? = nil, retryAfterSeconds: Int? = nil) {
        self.status = status
        self.message = message
        self.field = field
        self.currentVersion = currentVersion
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// 400: the request cannot be read (JSON, types, path id, headers).
    public static func badRequest(_ message: String, field: String? = nil) -> Self {
        Self(status: 400, message: message, field: field)
    }

    /// The JSON body: `{"error", "field"?, "currentVersion"?}`.
    public var body: JSONValue {
        var members: [String: JSONValue] = ["error": .string(message)]
        if let field { members["field"] = .string(field) }
        if let currentVersion { members["currentVersion"] = .integer(currentVersion) }
        return .object(members)
    }

    public var description: String {
        "\(status) \(message)" + (field.map { " (field \($0))" } ?? "")
    }
}
