import CommandAPI
import Logging
import RedisClient
import ServiceLifecycle

/// Runs the commands clients add to `<prefix>:commands`, as one consumer of the group
/// `command-workers`; run any number of workers, each with its own consumer name.
///
/// Each round it takes one batch and runs its entries concurrently, with the same
/// ``CommandService`` (decoding, validation, handler, idempotency) as the HTTP API:
/// 1. entries still pending on this consumer (a previous life, or retryable failures
///    whose delay has passed), read with `XREADGROUP ... 0`;
/// 2. every ``CommandWorkerConfiguration/claimInterval``: entries idle longer than
///    ``CommandWorkerConfiguration/claimIdle`` on any consumer (a dead worker), by XAUTOCLAIM;
/// 3. otherwise new entries, by a blocking `XREADGROUP ... >` on a dedicated connection.
///
/// Every entry ends with a result in `<prefix>:command-result:<commandId>` (the HTTP
/// status and body), written before the entry is acked, so a crash in between only
/// runs the command again, which the command id makes harmless. A bad entry gets an
/// error result; a retryable outcome (503) is retried later, up to
/// ``CommandWorkerConfiguration/maxDeliveries``, before it becomes the result.
///
/// Stopping: on graceful shutdown or cancellation the worker finishes the batch it is
/// running and returns; a blocking read in progress ends within the block time.
public struct CommandWorker: Service {
    public let client: RedisClient
    public let service: CommandService
    public let configuration: CommandWorkerConfiguration
    public let logger: Logger

    /// A worker reading with `client` (the pool for acks and results, a dedicated
    /// connection for the blocking reads) and running commands with `service`.
    public init(client: RedisClient, service: CommandService, configuration: CommandWorkerConfiguration, logger: Logger = Logger(label: "cqrs.command-worker")) {
        self.client = client
        self.service = service
        self.configuration = configuration
        self.logger = logger
    }

    /// What the loop remembers between batches.
    struct LoopState {
        var groupReady = false
        /// When to read this consumer's own pending entries again.
        var pendingDue: ContinuousClock.Instant
        /// When to look for entries of dead consumers again, and where that scan is.
        var claimDue: ContinuousClock.Instant
        var claimCursor = "0-0"
        /// Deliveries so far of entries left pending after a retryable outcome.
        var deliveries: [String: Int] = [:]
    }

    public func run() async throws {
        let reader = client.dedicatedConnection()
        defer { reader.close() }
        let start = ContinuousClock.now
        var state = LoopState(pendingDue: start, claimDue: start)
        var failures = 0
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                if !state.groupReady {
                    try await client.xgroupCreateIfMissing(configuration.keys.stream, group: CommandQueueKeys.group, id: "0")
                    state.groupReady = true
                }
                let entries = try await nextBatch(reader: reader, state: &state)
                if !entries.isEmpty { try await process(entries, state: &state) }
                failures = 0
            } catch {
                if Task.isCancelled || Task.isShuttingDownGracefully { break }
                failures += 1
                if let error = error as? RedisServerError, error.code == "NOGROUP" { state.groupReady = false }
                state.pendingDue = .now  // a batch may have been cut short: its entries are pending on us
                let delay = Duration.milliseconds(min(2000, 50 << min(failures, 6)))
                logger.warning(
                    "command worker cannot read or ack the commands stream; retrying in \(delay)",
                    metadata: ["consumer": .string(configuration.consumer), "error": .string(String(describing: error))])
                try? await Task.sleep(for: delay)
            }
        }
    }

    /// The next batch: own pending entries when due, then dead consumers' entries when
    /// due, else new entries (blocking until one of the due times at most).
    private func nextBatch(reader: ManagedConnection, state: inout LoopState) async throws -> [StreamEntry] {
        let stream = configuration.keys.stream
        let now = ContinuousClock.now
        if now >= state.pendingDue {
            let own = try await client.xreadgroup(
                group: CommandQueueKeys.group, consumer: configuration.consumer, streams: [(stream, "0")], count: configuration.batchSize)[stream] ?? []
            // A full batch may leave more behind: look again at once.
            state.pendingDue = own.count == configuration.batchSize ? now : now + .seconds(86_400 * 365)
            if !own.isEmpty { return own }
        }
        if now >= state.claimDue {
            let claim = try await client.xautoclaim(
                stream, group: CommandQueueKeys.group, consumer: configuration.consumer, minIdle: configuration.claimIdle,
                start: state.claimCursor, count: configuration.batchSize)
            state.claimCursor = claim.nextStart
            if claim.nextStart == "0-0" { state.claimDue = now + configuration.claimInterval }
            if !claim.entries.isEmpty {
                logger.notice(
                    "claimed \(claim.entries.count) commands left pending by another worker",
                    metadata: ["consumer": .string(configuration.consumer)])
                return claim.entries
            }
        }
        let untilDue = min(state.pendingDue, state.claimDue) - now
        let block = max(.milliseconds(1), min(configuration.blockTime, untilDue))
        return try await reader.xreadgroup(
            group: CommandQueueKeys.group, consumer: configuration.consumer, streams: [(stream, ">")],
            count: configuration.batchSize, block: block)[stream] ?? []
    }
}
