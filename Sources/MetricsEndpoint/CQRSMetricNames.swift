import Prometheus

extension MetricNameDescriptor {
    /// A metric of the `cqrs_` namespace: `cqrs_<name>_<unit>`, with its help text.
    public static func cqrs(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "cqrs", metricName: name, unitName: unit, helpText: help)
    }
}

/// Histogram buckets shared by the processes' duration metrics.
public enum MetricBuckets {
    /// For request and command latencies: 0.5 ms to 5 s.
    public static let latency: [Duration] = [
        .microseconds(500), .milliseconds(1), .microseconds(2_500), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2_500), .seconds(5),
    ]
}
