import EventSourcing
import MetricsEndpoint
import Prometheus

/// The command side's Prometheus metrics, the same for the HTTP API and the queue
/// workers (``CommandService`` records them):
///
/// - `cqrs_command_duration_seconds{command,outcome}`: histogram, from decoding a command
///   to its result (waiting behind the same product's earlier commands included);
/// - `cqrs_command_conflicts_total{command}`: version conflicts the handler met (each
///   conflicting append or expected-version check);
/// - `cqrs_command_retries_total{command}`: reloads and decisions again after a conflict;
/// - `cqrs_events_appended_total{command}`: events written (not those of duplicates).
///
/// `command` is a ``CommandKind`` (`AddNewProduct`, ...), `outcome` a ``CommandOutcome``.
/// The counters exist from the start, at 0, for every command.
public struct CommandMetrics: Sendable {
    /// Where the metrics are; serve it at `/metrics`.
    public let registry: PrometheusCollectorRegistry

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        for kind in CommandKind.allCases {
            for descriptor in [Self.conflicts, Self.retries, Self.appended] { _ = counter(descriptor, kind) }
        }
    }

    /// Records a command's result and how long it took.
    func finished(_ kind: CommandKind, _ outcome: CommandOutcome, after duration: Duration) {
        registry.makeDurationHistogram(
            descriptor: Self.duration, labels: [("command", kind.rawValue), ("outcome", outcome.rawValue)], buckets: MetricBuckets.latency
        ).record(duration)
    }

    /// Counts a conflict or a retry of the handler.
    func handler(_ event: CommandHandlerEvent, _ kind: CommandKind) {
        counter(event == .conflict ? Self.conflicts : Self.retries, kind).increment()
    }

    /// Counts the events a command appended.
    func appended(_ events: Int, _ kind: CommandKind) {
        if events > 0 { counter(Self.appended, kind).increment(by: Int64(events)) }
    }

    private func counter(_ descriptor: MetricNameDescriptor, _ kind: CommandKind) -> Counter {
        registry.makeCounter(descriptor: descriptor, labels: [("command", kind.rawValue)])
    }

    static var duration: MetricNameDescriptor { .cqrs("command_duration", "seconds", "Time from decoding a command to its result.") }
    static var conflicts: MetricNameDescriptor { .cqrs("command_conflicts", "total", "Version conflicts met by the command handler.") }
    static var retries: MetricNameDescriptor { .cqrs("command_retries", "total", "Reloads and decisions again after a version conflict.") }
    static var appended: MetricNameDescriptor { .cqrs("events_appended", "total", "Events appended to the log by commands.") }
}
