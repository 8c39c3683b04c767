import Hummingbird
import Logging
import MetricsEndpoint
import Prometheus
import ServiceLifecycle

/// Serves `GET /metrics` (Prometheus text format) on a small port of its own, for the
/// processes without an HTTP API of their own (projectors, command workers).
public struct MetricsServer: Service {
    public let registry: PrometheusCollectorRegistry
    public let host: String
    public let port: Int
    public let logger: Logger

    public init(registry: PrometheusCollectorRegistry, host: String = "127.0.0.1", port: Int, logger: Logger) {
        self.registry = registry
        self.host = host
        self.port = port
        self.logger = logger
    }

    /// The router alone, for tests.
    public static func router(_ registry: PrometheusCollectorRegistry) -> Router<BasicRequestContext> {
        let router = Router()
        MetricsEndpoint.addRoute(to: router, registry: registry)
        return router
    }

    public func run() async throws {
        let application = Application(
            router: Self.router(registry),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "cqrs-metrics"),
            logger: logger
        )
        try await application.runService(gracefulShutdownSignals: [])
    }
}
