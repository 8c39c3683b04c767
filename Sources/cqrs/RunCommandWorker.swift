import ArgumentParser
import CommandAPI
import CommandQueue
import Foundation
import Logging
import ProcessMetrics
import ServiceLifecycle
import UnixSignals

/// `cqrs command-worker`: one consumer of the command queue.
struct RunCommandWorker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "command-worker",
        abstract: "Run commands added to <prefix>:commands (consumer group command-workers); results go to <prefix>:command-result:<commandId>.",
        discussion: "SIGTERM or SIGINT stops it after the batch it is running."
    )

    @OptionGroup var store: WriteStoreOptions
    @OptionGroup var logging: LoggingOptions

    @Option(help: "This worker's consumer name, unique per running worker (env CQRS_CONSUMER, or CQRS_WORKER_NAME; default host-pid).")
    var consumer: String?

    @Option(help: "Seconds an entry may stay pending on a consumer before another worker claims it (env CQRS_CLAIM_IDLE_SECONDS; default 30).")
    var claimIdleSeconds: Int?

    @Option(help: ArgumentHelp("How long a command's result stays at <prefix>:command-result:<commandId> for its sender to read (env CQRS_RESULT_TTL; default 86400, a day).", valueName: "seconds"))
    var resultTtl: Int?

    @OptionGroup var handling: CommandHandlerOptions

    @OptionGroup var metrics: MetricsOptions

    func run() async throws {
        let logger = try logging.bootstrap(label: "cqrs.command-worker")
        let claimIdleSeconds = try Setting.integer(self.claimIdleSeconds, env: "CQRS_CLAIM_IDLE_SECONDS", default: 30)
        guard claimIdleSeconds >= 1 else { throw CLIError("the claim idle time must be at least 1 second, got \(claimIdleSeconds)") }
        let resultTTL = try Setting.ttl(resultTtl, env: "CQRS_RESULT_TTL", default: 86_400, option: "--result-ttl")
        let environment = ProcessInfo.processInfo.environment
        let metricsServer = try metrics.server(logger: logger)
        let (client, handler) = try await store.openCommandHandler(clientName: "cqrs-command-worker", options: handling)
        defer { client.close() }
        let process = ProcessInfo.processInfo
        let worker = CommandWorker(
            client: client,
            service: CommandService(handler: handler, logger: logger, metrics: metricsServer.map { CommandMetrics(registry: $0.registry) } ?? CommandMetrics()),
            configuration: CommandWorkerConfiguration(
                keys: CommandQueueKeys(prefix: store.resolvedPrefix),
                consumer: consumer ?? environment["CQRS_CONSUMER"] ?? Setting.value(nil, env: "CQRS_WORKER_NAME", default: "\(process.hostName)-\(process.processIdentifier)"),
                claimIdle: .seconds(claimIdleSeconds), resultTTL: resultTTL),
            logger: logger)
        try await ShutdownSignals.run([worker] + (metricsServer.map { [$0] } ?? []), logger: logger)
    }
}
