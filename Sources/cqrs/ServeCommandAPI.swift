import ArgumentParser
import CommandAPI
import Logging

/// `cqrs command-api`: the HTTP write API.
struct ServeCommandAPI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "command-api",
        abstract: "Serve the HTTP command API (routes in /openapi.yaml) over an initialised write store.",
        discussion: "SIGTERM or SIGINT stops it gracefully: requests in progress finish first."
    )

    @OptionGroup var store: WriteStoreOptions
    @OptionGroup var logging: LoggingOptions

    @Option(help: "Address to listen on; 0.0.0.0 for every interface (env CQRS_COMMAND_API_HOST; default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (env CQRS_COMMAND_API_PORT; default 8081).")
    var port: Int?

    @OptionGroup var handling: CommandHandlerOptions

    /// Also serves `/metrics`: the commands' metrics and the write store client's.
    func run() async throws {
        let logger = try logging.bootstrap(label: "cqrs.command-api")
        let registry = ProcessRegistry.bootstrap()
        let (client, handler) = try await store.openCommandHandler(clientName: "cqrs-command-api", options: handling)
        defer { client.close() }
        let configuration = CommandAPIConfiguration(
            host: Setting.value(host, env: "CQRS_COMMAND_API_HOST", default: "127.0.0.1"),
            port: try Setting.integer(port, env: "CQRS_COMMAND_API_PORT", default: 8081))
        let service = CommandService(handler: handler, logger: logger, metrics: CommandMetrics(registry: registry))
        let application = buildCommandApplication(configuration: configuration, service: service, readiness: .ping(client))
        try await ShutdownSignals.run([application], logger: logger)
    }
}
