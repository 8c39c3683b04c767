import ArgumentParser
import CoreMetrics
import Logging
import ProcessMetrics
import Prometheus

/// One Prometheus registry per process, and swift-metrics reporting into it.
enum ProcessRegistry {
    /// A new registry, made the process's swift-metrics backend, so every Redis client's
    /// error and reconnect counters land in it too. Call once, before making any client.
    static func bootstrap() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }
}

/// `--metrics-port` of the processes without an HTTP API of their own (projector,
/// command worker): a small server of `/metrics`.
struct MetricsOptions: ParsableArguments {
    @Option(help: "Serve Prometheus metrics (docs/metrics.md) at http://<metrics-host>:<port>/metrics; 0 for none (env CQRS_METRICS_PORT; default 0).")
    var metricsPort: Int?

    @Option(help: "Address the metrics server listens on; 0.0.0.0 for every interface (env CQRS_METRICS_HOST; default 127.0.0.1).")
    var metricsHost: String?

    /// The metrics server when a port is set, over the process's registry (bootstrapped
    /// here: call it before making any Redis client); `nil` for none.
    func server(logger: Logger) throws -> MetricsServer? {
        let port = try Setting.integer(metricsPort, env: "CQRS_METRICS_PORT", default: 0)
        guard port != 0 else { return nil }
        guard (1...65535).contains(port) else { throw CLIError("the metrics port must be between 1 and 65535, or 0 for none; got \(port)") }
        let host = Setting.value(metricsHost, env: "CQRS_METRICS_HOST", default: "127.0.0.1")
        logger.info("metrics at http://\(host):\(port)/metrics")
        return MetricsServer(registry: ProcessRegistry.bootstrap(), host: host, port: port, logger: logger)
    }
}
