import EventSourcing
import Logging
import ProductCatalog

/// Runs submitted commands: decode, then the ``CommandHandler`` (load, decide,
/// append), one at a time per product in this process. Never throws: every outcome
/// is a ``CommandResult``. Both the HTTP routes and the command queue use it.
public struct CommandService: Sendable {
    /// The handler of the product aggregate, over the write store.
    public let handler: CommandHandler<Product>
    /// Serialises the commands of one product within this process.
    public let gate: AggregateGate
    /// One line per failed command goes here.
    public let logger: Logger

    public init(handler: CommandHandler<Product>, gate: AggregateGate = AggregateGate(), logger: Logger = Logger(label: "cqrs.commands")) {
        self.handler = handler
        self.gate = gate
        self.logger = logger
    }

    /// Decodes and runs `submission`; logs one line if it fails.
    public func submit(_ submission: CommandSubmission) async -> CommandResult {
        switch prepare(submission) {
        case .rejected(let result): result
        case .ready(let command): await execute(command)
        }
    }

    /// A submission after decoding: ready to run, or already answered.
    public enum Prepared: Sendable {
        case ready(Ready)
        case rejected(CommandResult)
    }

    /// A decoded command with how it arrived.
    public struct Ready: Sendable {
        public let decoded: CommandSubmission.Decoded
        public let submission: CommandSubmission
        /// The addressed product.
        public var productId: Int64 { decoded.command.productId }
    }

    /// Decodes `submission` (logging a rejection), without running it; for callers that
    /// order commands before running them, as the command queue does.
    public func prepare(_ submission: CommandSubmission) -> Prepared {
        do {
            return .ready(Ready(decoded: try submission.decode(), submission: submission))
        } catch {
            logFailure(error, command: submission.kind.rawValue, transport: submission.transport, commandId: submission.commandId)
            return .rejected(CommandResult(error))
        }
    }

    /// Runs a prepared command; logs one line if it fails.
    public func execute(_ ready: Ready) async -> CommandResult {
        await run(ready.decoded, submission: ready.submission)
    }

    private func run(_ decoded: CommandSubmission.Decoded, submission: CommandSubmission) async -> CommandResult {
        let command = decoded.command
        do {
            let outcome = try await gate.run("\(Product.aggregateType):\(command.productId)") {
                try await handler.handle(command, metadata: CommandMetadata(commandId: decoded.commandId), expectedVersion: decoded.expectedVersion)
            }
            return .success(productId: command.productId, version: outcome.version, created: submission.kind.createsProduct)
        } catch {
            let problem = CommandProblem.handling(
                error, commandId: decoded.commandId, expectedVersionGiven: decoded.expectedVersion != nil, transport: submission.transport)
            logFailure(
                problem, command: submission.kind.rawValue, transport: submission.transport,
                commandId: decoded.commandId.uuidString.lowercased(), productId: command.productId, cause: error)
            return CommandResult(problem)
        }
    }

    /// Logs one line for a failed command: no body, no headers beyond the command id;
    /// 4xx at `notice`, 5xx at `error` (with the underlying error as `cause`).
    public func logFailure(
        _ problem: CommandProblem, command: String, transport: CommandTransport, commandId: String?, productId: Int64? = nil,
        cause: (any Error)? = nil
    ) {
        var metadata: Logger.Metadata = [
            "command": .string(CommandBody.shown(command)),
            "transport": .string(transport.rawValue),
            "status": .stringConvertible(problem.status),
        ]
        if let commandId { metadata["commandId"] = .string(CommandBody.shown(commandId)) }
        if let productId { metadata["productId"] = .stringConvertible(productId) }
        if let field = problem.field { metadata["field"] = .string(field) }
        if problem.status >= 500, let cause { metadata["cause"] = .string(String(describing: cause)) }
        let message: Logger.Message = "command failed: \(problem.message)"
        if problem.status >= 500 {
            logger.error(message, metadata: metadata)
        } else {
            logger.notice(message, metadata: metadata)
        }
    }
}
