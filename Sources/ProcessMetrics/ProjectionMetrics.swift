import Foundation
import Logging
import MetricsEndpoint
import Prometheus
import ProjectorRuntime
import ServiceLifecycle

/// Samples a projection's lag, dead letters and a projector's counters every
/// ``interval`` into Prometheus metrics:
///
/// - `cqrs_projection_lag_events{projection,partition}`: events not yet applied;
/// - `cqrs_projection_lag_seconds{projection,partition}`: age of the oldest unapplied event;
/// - `cqrs_projection_pending{projection,partition}`: delivered, not yet acknowledged;
/// - `cqrs_dead_letters{projection}`: events parked in the dead-letter stream;
/// - `cqrs_events_applied_total{projection,consumer}` and friends from the projector.
public struct ProjectionMetrics<P: Projection>: Service {
    public let admin: ProjectionAdmin<P>
    public let registry: PrometheusCollectorRegistry
    /// The local projector whose counters to export, if any.
    public let projector: Projector<P>?
    public let interval: Duration
    public let logger: Logger

    public init(admin: ProjectionAdmin<P>, registry: PrometheusCollectorRegistry, projector: Projector<P>? = nil, interval: Duration = .seconds(5), logger: Logger) {
        self.admin = admin
        self.registry = registry
        self.projector = projector
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            var exported = ProjectorStatistics()
            while !Task.isCancelled {
                do {
                    try await sample(exported: &exported)
                } catch {
                    logger.warning("cannot sample \(admin.projection.name) metrics: \(error)")
                }
                // Cancelled by a graceful shutdown: end the loop, not the process with an error.
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// One sample. `exported` holds the projector counters already added to the registry.
    public func sample(exported: inout ProjectorStatistics) async throws {
        let name = admin.projection.name
        let lag = try await admin.lag()
        for partition in lag.partitions {
            let labels = [("projection", name), ("partition", String(partition.partition))]
            registry.makeGauge(descriptor: Names.lagEvents, labels: labels).set(Int64(partition.eventsBehind))
            let seconds = partition.oldestUnappliedAt.map { max(0, lag.measuredAt.timeIntervalSince($0)) } ?? 0
            registry.makeGauge(descriptor: Names.lagSeconds, labels: labels).set(seconds)
            registry.makeGauge(descriptor: Names.pending, labels: labels).set(Int64(partition.pending))
        }
        let parked = try await admin.deadLetters(limit: 100_000).count
        registry.makeGauge(descriptor: Names.deadLetters, labels: [("projection", name)]).set(Int64(parked))
        guard let projector else { return }
        let now = projector.statistics
        let labels = [("projection", name), ("consumer", projector.configuration.consumer)]
        for (descriptor, current, previous) in [
            (Names.applied, now.applied, exported.applied),
            (Names.duplicates, now.duplicates, exported.duplicates),
            (Names.gapFilled, now.gapEventsFilled, exported.gapEventsFilled),
            (Names.failedDeliveries, now.failedDeliveries, exported.failedDeliveries),
            (Names.parked, now.parked, exported.parked),
        ] where current > previous {
            registry.makeCounter(descriptor: descriptor, labels: labels).increment(by: Int64(current - previous))
        }
        exported = now
    }
}

/// The metric names, in the `cqrs_` namespace, with their help texts.
enum Names {
    static var lagEvents: MetricNameDescriptor { .cqrs("projection_lag", "events", "Events of the partition not yet applied to the live read models.") }
    static var lagSeconds: MetricNameDescriptor { .cqrs("projection_lag", "seconds", "Age of the oldest unapplied event of the partition.") }
    static var pending: MetricNameDescriptor { .cqrs("projection", "pending", "Events delivered to a projector but not yet acknowledged.") }
    static var deadLetters: MetricNameDescriptor { .cqrs("dead", "letters", "Events parked in the dead-letter stream.") }
    static var applied: MetricNameDescriptor { .cqrs("events_applied", "total", "Events this projector applied.") }
    static var duplicates: MetricNameDescriptor { .cqrs("events_duplicate", "total", "Redelivered events the version guard skipped.") }
    static var gapFilled: MetricNameDescriptor { .cqrs("events_gap_filled", "total", "Events fetched from the write store to fill a version gap.") }
    static var failedDeliveries: MetricNameDescriptor { .cqrs("deliveries_failed", "total", "Deliveries whose apply failed.") }
    static var parked: MetricNameDescriptor { .cqrs("events_parked", "total", "Events this projector moved to the dead-letter stream.") }
}
