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

    @Option(help: "The address to listen on (0.0.0.0 for every interface).")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8081

    func run() async throws {
        let logger = Logger(label: "cqrs.command-api")
        let (client, handler) = try await store.open()
        defer { client.close() }
        let application = buildCommandApplication(
            configuration: CommandAPIConfiguration(host: host, port: port), handler: handler, readiness: .ping(client), logger: logger)
        try await application.runService()
    }
}
