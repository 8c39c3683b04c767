/// Reads one sample back from the text exposition format, e.g. the value of
/// `cqrs_command_conflicts_total{command="RateProduct"}`: for tests and checks of what a
/// `/metrics` endpoint shows.
public enum MetricsSample {
    /// The value of the series `name{labels}` (labels in the order the metric was made
    /// with), or `nil` when `text` has no such series.
    public static func value(_ name: String, _ labels: [(String, String)] = [], in text: String) -> Double? {
        let series = labels.isEmpty ? name : name + "{" + labels.map { "\($0.0)=\"\($0.1)\"" }.joined(separator: ",") + "}"
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }
}
