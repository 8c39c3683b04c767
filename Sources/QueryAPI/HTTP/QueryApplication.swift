import HTTPErrors
import Hummingbird
import Logging
import MetricsEndpoint
import ProductReadModel

/// The router of the query API: the product query routes, `/health`, `/ready`,
/// `/openapi.yaml`, `/metrics`, 405 for other methods on these paths and JSON errors everywhere.
public func buildQueryRouter(
    queries: ProductQueries, minVersionTimeout: Duration = .seconds(2), logger: Logger = Logger(label: "cqrs.query-api")
) -> Router<BasicRequestContext> {
    buildQueryRouter(servers: ReadServers(primary: queries), minVersionTimeout: minVersionTimeout, logger: logger)
}

/// The router of the query API reading from replicas with fallback to the primary, and
/// from the near cache (when given, and while its tracking session is up) for products,
/// name searches and related lists; `/metrics` serves `servers.metrics`, where each
/// request's duration is recorded.
public func buildQueryRouter(
    servers: ReadServers, minVersionTimeout: Duration = .seconds(2), nearCache: ProductNearCache? = nil,
    logger: Logger = Logger(label: "cqrs.query-api")
) -> Router<BasicRequestContext> {
    var table = RouteTable()
    for path in ProductQueryController<BasicRequestContext>.paths + QueryHealthController<BasicRequestContext>.paths + [MetricsEndpoint.path] {
        table.add(path, .get)
    }
    let router = Router(context: BasicRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: QueryMetricsMiddleware(metrics: servers.metrics))
    router.add(middleware: JSONErrorMiddleware(logger: logger, routes: table) { status, message in
        QueryProblem(status: status, message: message).response
    })
    ProductQueryController(servers: servers, minVersionTimeout: minVersionTimeout, nearCache: nearCache, logger: logger).addRoutes(to: router)
    QueryHealthController(queries: servers.primary).addRoutes(to: router)
    MetricsEndpoint.addRoute(to: router, registry: servers.metrics.registry)
    return router
}

/// The query API as a Hummingbird application: run it with `runService()` or add it to
/// a `ServiceGroup`. The near cache, if any, runs as one of its services.
public func buildQueryApplication(
    configuration: QueryAPIConfiguration = QueryAPIConfiguration(), servers: ReadServers, nearCache: ProductNearCache? = nil,
    logger: Logger = Logger(label: "cqrs.query-api")
) -> some ApplicationProtocol {
    Application(
        router: buildQueryRouter(servers: servers, minVersionTimeout: configuration.minVersionTimeout, nearCache: nearCache, logger: logger),
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port), serverName: configuration.serverName),
        services: nearCache.map { [$0] } ?? [],
        logger: logger)
}
