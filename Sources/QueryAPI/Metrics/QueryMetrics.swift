import MetricsEndpoint
import Prometheus

/// The query API's Prometheus metrics:
///
/// - `cqrs_query_duration_seconds{route,status}`: histogram of request durations, by route
///   template (`/products/{id}`; `unmatched` for paths no route has) and HTTP status code;
/// - `cqrs_replica_fallbacks_total{reason}`: each time a read passes over a replica for the
///   next server, by ``FallbackReason``. Every reason exists from the start, at 0.
public struct QueryMetrics: Sendable {
    /// Why a read did not stay on a replica: the `reason` label.
    public enum FallbackReason: String, Sendable, CaseIterable {
        /// The replica's `INFO replication` does not say `master_link_status:up`.
        case notSynced = "not_synced"
        /// The replica failed: a transport error, a time-out or an error reply.
        case down
        /// The replica has no live read-model generation.
        case noLiveGeneration = "no_live_generation"
        /// A `minVersion` read: the replica's copy of the product is older (one count per polling round).
        case belowMinVersion = "below_min_version"
    }

    /// Where the metrics are; the query API serves it at `/metrics`.
    public let registry: PrometheusCollectorRegistry

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        for reason in FallbackReason.allCases { _ = fallbacks(reason) }
    }

    /// Records one request.
    func request(route: String, status: Int, duration: Duration) {
        registry.makeDurationHistogram(
            descriptor: Self.duration, labels: [("route", route), ("status", String(status))], buckets: MetricBuckets.latency
        ).record(duration)
    }

    /// Counts a read that passed over a replica.
    func fallback(_ reason: FallbackReason) {
        fallbacks(reason).increment()
    }

    private func fallbacks(_ reason: FallbackReason) -> Counter {
        registry.makeCounter(descriptor: Self.fallbacks, labels: [("reason", reason.rawValue)])
    }

    static var duration: MetricNameDescriptor { .cqrs("query_duration", "seconds", "Time to answer a query API request.") }
    static var fallbacks: MetricNameDescriptor { .cqrs("replica_fallbacks", "total", "Reads that passed over a replica for the next server.") }
}
