import ArgumentParser
import Foundation
import Logging
import ProcessMetrics
import ProductReadModel
import ProjectorRuntime
import ServiceLifecycle

/// `cqrs projector`: one projector instance; run any number side by side.
struct RunProjector: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projector",
        abstract: "Apply the event log to the product read models, as one consumer of every partition's group.",
        discussion: """
        Run any number of instances, each with its own consumer name: the version guard in \
        the apply function makes every event take effect once, in order per product. \
        SIGTERM or SIGINT stops it gracefully: the current batch finishes and is acknowledged.
        """
    )

    @OptionGroup var stores: ReadSideOptions

    @Option(help: "Consumer name, unique per instance (env CQRS_CONSUMER; default projector-<host>-<pid>).")
    var consumer: String?

    @Option(help: "Entries read per batch (env CQRS_BATCH_SIZE; default 256).")
    var batchSize: Int?

    @Option(help: "Idle time before a dead instance's entries are claimed, in ms (env CQRS_CLAIM_IDLE_MS; default 30000).")
    var claimIdleMs: Int?

    @Option(help: "Deliveries before an event is parked in the dead-letter stream (env CQRS_MAX_DELIVERIES; default 5).")
    var maxDeliveries: Int?

    @OptionGroup var logging: LoggingOptions

    @OptionGroup var metrics: MetricsOptions

    func run() async throws {
        let logger = try logging.bootstrap(label: "cqrs.projector")
        var configuration = ProjectorConfiguration(consumer: Setting.value(
            consumer, env: "CQRS_CONSUMER", default: "projector-\(ProcessInfo.processInfo.hostName)-\(getpid())"))
        configuration.batchSize = try positive(batchSize, env: "CQRS_BATCH_SIZE", default: 256)
        configuration.claimMinIdle = .milliseconds(try positive(claimIdleMs, env: "CQRS_CLAIM_IDLE_MS", default: 30_000))
        configuration.maxDeliveries = try positive(maxDeliveries, env: "CQRS_MAX_DELIVERIES", default: 5)
        let metricsServer = try metrics.server(logger: logger)
        let (writeStore, readStore) = try stores.clients("cqrs-projector")
        defer { writeStore.close(); readStore.close() }
        let projector = Projector(
            projection: try stores.projection(), writeStore: writeStore, readStore: readStore, configuration: configuration, logger: logger)
        logger.info("projector \(configuration.consumer) starting: write store \(writeStore.configuration.redactedURL), read store \(readStore.configuration.redactedURL)")
        var services: [any Service] = [projector]
        if let metricsServer {
            // Lag, dead letters and this projector's counters, next to the Redis clients' counters.
            let admin = ProjectionAdmin(projection: projector.projection, writeStore: writeStore, readStore: readStore, logger: logger)
            services.append(ProjectionMetrics(admin: admin, registry: metricsServer.registry, projector: projector, logger: logger))
            services.append(metricsServer)
        }
        try await ShutdownSignals.run(services, logger: logger)
    }

    private func positive(_ flag: Int?, env: String, default fallback: Int) throws -> Int {
        let value = try Setting.integer(flag, env: env, default: fallback)
        guard value > 0 else { throw CLIError("\(env.replacingOccurrences(of: "CQRS_", with: "").lowercased()) must be a positive integer, got \(value)") }
        return value
    }
}
