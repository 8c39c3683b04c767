import EventSourcing
import Logging
import ProductCatalog

/// Runs submitted commands: decode, then the ``CommandHandler`` (load, decide,
/// append), one at a time per product in this process. Never throws: every outcome
/// is a ``CommandResult``, logged when it is a failure and recorded in ``metrics``.
/// Both the HTTP routes and the command queue use it.
public struct CommandService: Sendable {
    /// The handler of the product aggregate, over the write store.
    public let handler: CommandHandler<Product>
    /// Serialises the commands of one product within this process.
    public let gate: AggregateGate
    /// One line per failed command goes here.
    public let logger: Logger
    /// Durations, outcomes, conflicts, retries and appended events.
    public let metrics: CommandMetrics

    public init(
        handler: CommandHandler<Product>, gate: AggregateGate = AggregateGate(), logger: Logger = Logger(label: "cqrs.commands"),
        metrics: CommandMetrics = CommandMetrics()
    ) {
        self.handler = handler
        self.gate = gate
        self.logger = logger
        self.metrics = metrics
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
        /// When decoding began: a command's duration counts from here.
        let startedAt: ContinuousClock.Instant
        /// The addressed product.
        public var productId: Int64 { decoded.command.productId }
    }

    /// Decodes `submission` (logging a rejection), without running it; for callers that
    /// order commands before running them, as the command queue does.
    public func prepare(_ submission: CommandSubmission) -> Prepared {
        let startedAt = ContinuousClock.now
        do {
            return .ready(Ready(decoded: try submission.decode(), submission: submission, startedAt: startedAt))
        } catch {
            return .rejected(refuse(error, kind: submission.kind, transport: submission.transport, commandId: submission.commandId, since: startedAt))
        }
    }

    /// Answers a command refused before it could run (an unreadable request): logs it
    /// and records it as rejected.
    public func refuse(
        _ problem: CommandProblem, kind: CommandKind, transport: CommandTransport, commandId: String?, since startedAt: ContinuousClock.Instant
    ) -> CommandResult {
        logFailure(problem, command: kind.rawValue, transport: transport, commandId: commandId)
        metrics.finished(kind, .rejected, after: .now - startedAt)
        return CommandResult(problem)
    }

    /// Runs a prepared command; logs one line if it fails.
    public func execute(_ ready: Ready) async -> CommandResult {
        await run(ready.decoded, submission: ready.submission, since: ready.startedAt)
    }

    private func run(_ decoded: CommandSubmission.Decoded, submission: CommandSubmission, since startedAt: ContinuousClock.Instant) async -> CommandResult {
        let command = decoded.command
        let kind = submission.kind
        do {
            let outcome = try await gate.run("\(Product.aggregateType):\(command.productId)") {
                try await handler.handle(command, metadata: CommandMetadata(commandId: decoded.commandId), expectedVersion: decoded.expectedVersion) {
                    metrics.handler($0, kind)
                }
            }
            metrics.appended(outcome.duplicate ? 0 : outcome.appendedEvents, kind)
            metrics.finished(kind, outcome.duplicate ? .duplicate : .accepted, after: .now - startedAt)
            return .success(productId: command.productId, version: outcome.version, created: kind.createsProduct)
        } catch {
            let problem = CommandProblem.handling(
                error, commandId: decoded.commandId, expectedVersionGiven: decoded.expectedVersion != nil, transport: submission.transport)
            logFailure(
                problem, command: submission.kind.rawValue, transport: submission.transport,
                commandId: decoded.commandId.lowercasedString, productId: command.productId, cause: error)
            metrics.finished(kind, CommandOutcome(problem, cause: error), after: .now - startedAt)
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
