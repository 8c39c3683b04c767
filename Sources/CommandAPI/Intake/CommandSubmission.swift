import EventSourcing
import Foundation
import ProductCatalog

/// A command as it arrived, before any decoding: the raw parts an HTTP request or a
/// queue entry carries. ``decode()`` turns it into a ``ProductCommand`` with exactly
/// the same rules for both transports.
public struct CommandSubmission: Sendable, Hashable {
    /// Which command.
    public var kind: CommandKind
    /// How it arrived (names in error messages, where the product id is).
    public var transport: CommandTransport
    /// HTTP: the `{id}` path segment of the non-creating routes. Unused by the queue,
    /// which carries `productId` in the body.
    public var pathProductId: String?
    /// The JSON body, at most ``CommandIntake/maxBodyBytes``.
    public var body: [UInt8]
    /// The command id as received (`Idempotency-Key`, `commandId`); `nil` when absent.
    public var commandId: String?
    /// The expected version as received (`If-Match`, `expectedVersion`); `nil` when absent.
    public var expectedVersion: String?

    public init(
        kind: CommandKind, transport: CommandTransport, pathProductId: String? = nil, body: [UInt8],
        commandId: String? = nil, expectedVersion: String? = nil
    ) {
        self.kind = kind
        self.transport = transport
        self.pathProductId = pathProductId
        self.body = body
        self.commandId = commandId
        self.expectedVersion = expectedVersion
    }

    /// A command ready for the handler.
    public struct Decoded: Sendable, Hashable {
        public var command: ProductCommand
        public var commandId: UUID
        public var expectedVersion: ExpectedVersion?
    }

    /// Decodes and type-checks every part, then checks the domain's field rules; the
    /// rules that depend on the product's state are left to the handler.
    ///
    /// Over HTTP a missing command id is generated; in the queue it is required.
    /// - Throws: ``CommandProblem``: 400 (unreadable), 413 (too large), 422 (a field rule).
    public func decode() throws(CommandProblem) -> Decoded {
        guard body.count <= CommandIntake.maxBodyBytes else {
            throw CommandProblem(
                status: 413, message: "the body has \(body.count) bytes; at most \(CommandIntake.maxBodyBytes) are accepted", field: transport == .queue ? "body" : nil)
        }
        let parsedId = try CommandIntake.commandId(commandId, transport: transport)
        guard let id = parsedId ?? (transport == .http ? UUID.random() : nil) else {
            throw .badRequest("\(transport.commandIdName) is required: a UUID that identifies the command", field: transport.commandIdName)
        }
        let expected = try CommandIntake.expectedVersion(expectedVersion, transport: transport)
        var pathId: Int64?
        if let pathProductId { pathId = try CommandIntake.productId(pathSegment: pathProductId) }
        let fromBody = transport == .queue && !kind.createsProduct
        let body = try CommandBody(parsing: body, allowedFields: fromBody ? ["productId"] + kind.bodyFields : kind.bodyFields)
        let productId: Int64
        if kind.createsProduct {
            productId = 0  // the body's "id"
        } else if fromBody {
            productId = try CommandIntake.productId(try body.integer("productId"), field: "productId")
        } else if let pathId {
            productId = pathId
        } else {
            throw .badRequest("the product id is missing from the path", field: "id")
        }
        let command = try kind.command(productId: productId, body: body)
        try Self.checkFieldRules(command)
        return Decoded(command: command, commandId: id, expectedVersion: expected)
    }

    /// The domain's field rules, which `decide` checks before it looks at the product's
    /// state: run against an absent product, a field error is all it can report here.
    /// So a bad value is 422 before the store is asked anything (no `If-Match` 412, no
    /// 404, and no earlier outcome of the same command id answered for a changed body).
    private static func checkFieldRules(_ command: ProductCommand) throws(CommandProblem) {
        do {
            _ = try Product.decide(command, state: .absent)
        } catch where error.kind == .invalidField {
            throw CommandProblem(error)
        } catch {
            // State rules (not found, already exists, stock): the handler decides them.
        }
    }
}
