import ArgumentParser
import CommandAPI
import CommandQueue
import Foundation
import Logging
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

    @Option(help: "This worker's consumer name; unique per running worker (default: host-pid).")
    var consumer: String?

    @Option(help: "Seconds an entry may stay pending on a consumer before another worker claims it.")
    var claimIdleSeconds = 30

    func validate() throws {
        guard claimIdleSeconds >= 1 else { throw ValidationError("--claim-idle-seconds must be at least 1") }
    }

    func run() async throws {
        let logger = Logger(label: "cqrs.command-worker")
        let (client, handler) = try await store.open()
        defer { client.close() }
        let name = consumer ?? "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
        let worker = CommandWorker(
            client: client, service: CommandService(handler: handler, logger: logger),
            configuration: CommandWorkerConfiguration(
                keys: CommandQueueKeys(prefix: store.prefix), consumer: name, claimIdle: .seconds(claimIdleSeconds)),
            logger: logger)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [worker], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
