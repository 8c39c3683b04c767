import EventSourcing

/// The answer to a command, the same over HTTP and in the command queue: a status
/// code and a JSON body.
///
/// - Success: 201 (a product was created) or 200, body `{"id": <product id>, "version": <new version>}`.
///   A duplicate (a command id that already succeeded) answers the first outcome again.
/// - Failure: the status and body of a ``CommandProblem``.
public struct CommandResult: Sendable, Hashable {
    /// The HTTP status code.
    public var status: Int
    /// The JSON body.
    public var body: JSONValue
    /// For 201: the created product's path, `/products/<id>`.
    public var location: String?
    /// For 503: seconds to wait before retrying.
    public var retryAfterSeconds: Int?

    public init(status: Int, body: JSONValue, location: String? = nil, retryAfterSeconds: Int? = nil) {
        self.status = status
        self.body = body
        self.location = location
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// A success: 201 with a `Location` when the command created the product, else 200.
    public static func success(productId: Int64, version: Int64, created: Bool) -> Self {
        Self(
            status: created ? 201 : 200,
            body: ["id": .integer(productId), "version": .integer(version)],
            location: created ? "/products/\(productId)" : nil)
    }

    /// A failure.
    public init(_ problem: CommandProblem) {
        self.init(status: problem.status, body: problem.body, retryAfterSeconds: problem.retryAfterSeconds)
    }

    /// Whether the command was applied (now or by an earlier delivery of the same id).
    public var succeeded: Bool { (200..<300).contains(status) }
}
