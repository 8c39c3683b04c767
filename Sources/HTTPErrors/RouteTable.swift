import HTTPTypes
import Hummingbird

/// The API's paths and the methods each takes, so that a known path asked with
/// another method (any method, also ones no route uses, such as `QUERY`) answers 405
/// with `Allow`, while an unknown path answers 404.
public struct RouteTable: Sendable {
    private struct Entry: Sendable {
        /// The path's segments; `:name` matches any one non-empty segment.
        let segments: [Substring]
        let methods: [HTTPRequest.Method]
    }

    private var entries: [Entry] = []

    public init() {}

    /// Records that `path` (e.g. `/products/:id/stock`) takes `method`. GET implies HEAD.
    public mutating func add(_ path: String, _ method: HTTPRequest.Method) {
        let segments = path.split(separator: "/")
        let methods = method == .get ? [.get, .head] : [method]
        if let index = entries.firstIndex(where: { $0.segments == segments }) {
            entries[index] = Entry(segments: segments, methods: entries[index].methods + methods)
        } else {
            entries.append(Entry(segments: segments, methods: methods))
        }
    }

    /// The methods `path` takes, or `nil` when no route has this path.
    public func methods(for path: String) -> [HTTPRequest.Method]? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        return entries.first { entry in
            entry.segments.count == segments.count
                && zip(entry.segments, segments).allSatisfy { template, segment in
                    template.first == ":" ? !segment.isEmpty : template == segment
                }
        }?.methods
    }
}
