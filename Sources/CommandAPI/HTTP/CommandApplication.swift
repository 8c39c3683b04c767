import HTTPErrors
import EventSourcing
import Hummingbird
import Logging
import MetricsEndpoint
import ProductCatalog

/// Where the command API listens.
public struct CommandAPIConfiguration: Sendable, Hashable {
    /// The address to bind, `127.0.0.1` by default (`0.0.0.0` for every interface).
    public var host: String
    /// The port, 8081 by default.
    public var port: Int
    /// Sent as the `Server` header.
    public var serverName: String

    public init(host: String = "127.0.0.1", port: Int = 8081, serverName: String = "cqrs-command-api") {
        self.host = host
        self.port = port
        self.serverName = serverName
    }
}

/// The router of the command API: the command routes, `/health`, `/ready`,
/// `/openapi.yaml`, `/metrics`, 405 for other methods on these paths and JSON errors everywhere.
public func buildCommandRouter(
    handler: CommandHandler<Product>, readiness: ReadinessCheck = .alwaysReady,
    logger: Logger = Logger(label: "cqrs.command-api")
) -> Router<BasicRequestContext> {
    buildCommandRouter(service: CommandService(handler: handler, logger: logger), readiness: readiness)
}

/// The router of the command API over an existing ``CommandService`` (to share its
/// per-product gate with a command queue worker in the same process). `/metrics`
/// serves the service's metrics registry.
public func buildCommandRouter(service: CommandService, readiness: ReadinessCheck = .alwaysReady) -> Router<BasicRequestContext> {
    var table = RouteTable()
    for route in CommandController<BasicRequestContext>.routes { table.add(route.path, route.method) }
    for path in HealthController<BasicRequestContext>.paths + [MetricsEndpoint.path] { table.add(path, .get) }
    let router = Router(context: BasicRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: JSONErrorMiddleware(logger: service.logger, routes: table) { status, message in
        Response.jsonError(CommandProblem(status: status.code, message: message))
    })
    CommandController(service: service).addRoutes(to: router)
    HealthController(readiness: readiness).addRoutes(to: router)
    MetricsEndpoint.addRoute(to: router, registry: service.metrics.registry)
    return router
}

/// The command API as a Hummingbird application: run it with `runService()` or add it
/// to a `ServiceGroup`.
public func buildCommandApplication(
    configuration: CommandAPIConfiguration = CommandAPIConfiguration(), handler: CommandHandler<Product>,
    readiness: ReadinessCheck, logger: Logger = Logger(label: "cqrs.command-api")
) -> some ApplicationProtocol {
    buildCommandApplication(configuration: configuration, service: CommandService(handler: handler, logger: logger), readiness: readiness)
}

/// The command API over an existing ``CommandService`` (shared with a command queue
/// worker in the same process, or inspected by tests); it logs to the service's logger.
public func buildCommandApplication(
    configuration: CommandAPIConfiguration = CommandAPIConfiguration(), service: CommandService, readiness: ReadinessCheck
) -> some ApplicationProtocol {
    Application(
        router: buildCommandRouter(service: service, readiness: readiness),
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port), serverName: configuration.serverName),
        logger: service.logger)
}
