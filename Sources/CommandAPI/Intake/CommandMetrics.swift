import EventSourcing
import MetricsEndpoint
import Prometheus
import Synchronization

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
/// The counters exist from the start, at 0, for every command; a histogram appears with
/// its first command of that kind and outcome.
///
/// Each metric is looked up in the registry once (a registry lookup takes a lock and
/// hashes the name and labels): the counters at init, each histogram on first use.
public struct CommandMetrics: Sendable {
    /// Where the metrics are; serve it at `/metrics`.
    public let registry: PrometheusCollectorRegistry
    private let counters: [CommandKind: KindCounters]
    private let histograms: HistogramTable

    private struct KindCounters: Sendable {
        let conflicts: Counter
        let retries: Counter
        let appended: Counter
    }

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        func counter(_ descriptor: MetricNameDescriptor, _ kind: CommandKind) -> Counter {
            registry.makeCounter(descriptor: descriptor, labels: [("command", kind.rawValue)])
        }
        counters = Dictionary(uniqueKeysWithValues: CommandKind.allCases.map { kind in
            (kind, KindCounters(conflicts: counter(Self.conflicts, kind), retries: counter(Self.retries, kind), appended: counter(Self.appended, kind)))
        })
        histograms = HistogramTable(registry: registry)
    }

    /// Records a command's result and how long it took.
    func finished(_ kind: CommandKind, _ outcome: CommandOutcome, after duration: Duration) {
        histograms.histogram(kind, outcome).record(duration)
    }

    /// Counts a conflict or a retry of the handler.
    func handler(_ event: CommandHandlerEvent, _ kind: CommandKind) {
        guard let counters = counters[kind] else { return }
        (event == .conflict ? counters.conflicts : counters.retries).increment()
    }

    /// Counts the events a command appended.
    func appended(_ events: Int, _ kind: CommandKind) {
        if events > 0 { counters[kind]?.appended.increment(by: Int64(events)) }
    }

    static var duration: MetricNameDescriptor { .cqrs("command_duration", "seconds", "Time from decoding a command to its result.") }
    static var conflicts: MetricNameDescriptor { .cqrs("command_conflicts", "total", "Version conflicts met by the command handler.") }
    static var retries: MetricNameDescriptor { .cqrs("command_retries", "total", "Reloads and decisions again after a version conflict.") }
    static var appended: MetricNameDescriptor { .cqrs("events_appended", "total", "Events appended to the log by commands.") }
}

/// The duration histogram of each (command, outcome), made in the registry on first use
/// (so `/metrics` lists only the pairs that happened) and kept for every later command.
private final class HistogramTable: Sendable {
    private let registry: PrometheusCollectorRegistry
    private let made = Mutex<[DurationHistogram?]>(Array(repeating: nil, count: CommandKind.allCases.count * CommandOutcome.allCases.count))

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    func histogram(_ kind: CommandKind, _ outcome: CommandOutcome) -> DurationHistogram {
        let slot = Self.kindIndex[kind]! * CommandOutcome.allCases.count + Self.outcomeIndex[outcome]!
        if let histogram = made.withLock({ $0[slot] }) { return histogram }
        // The registry returns the same histogram for the same name and labels, so two
        // first uses racing here store the same one.
        let histogram = registry.makeDurationHistogram(
            descriptor: CommandMetrics.duration, labels: [("command", kind.rawValue), ("outcome", outcome.rawValue)], buckets: MetricBuckets.latency
        )
        made.withLock { $0[slot] = histogram }
        return histogram
    }

    private static let kindIndex = Dictionary(uniqueKeysWithValues: CommandKind.allCases.enumerated().map { ($1, $0) })
    private static let outcomeIndex = Dictionary(uniqueKeysWithValues: CommandOutcome.allCases.enumerated().map { ($1, $0) })
}
