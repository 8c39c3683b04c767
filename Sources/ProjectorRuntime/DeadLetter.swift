import Foundation
import RedisClient

/// An event parked in a generation's dead-letter stream (`<root>:<gen>:dlq`) after it
/// failed too many deliveries, or because an earlier event of its aggregate is parked.
public struct DeadLetter: Sendable, Hashable {
    /// The dead letter's own id in the dead-letter stream (what `dlq replay|drop` take).
    public var id: String
    /// The partition log the event is in, and its entry id there.
    public var log: String
    public var entryId: String
    /// `Product:42`, and the event's version; empty/`nil` when the entry could not be read.
    public var aggregate: String
    public var version: Int64?
    public var eventType: String
    /// Why it failed, as the last delivery saw it.
    public var error: String
    /// Deliveries when it was parked (from XPENDING).
    public var deliveries: Int
    /// The consumer that parked it.
    public var consumer: String
    public var parkedAt: Date

    public init(
        id: String, log: String, entryId: String, aggregate: String, version: Int64?, eventType: String,
        error: String, deliveries: Int, consumer: String, parkedAt: Date
    ) {
        self.id = id
        self.log = log
        self.entryId = entryId
        self.aggregate = aggregate
        self.version = version
        self.eventType = eventType
        self.error = error
        self.deliveries = deliveries
        self.consumer = consumer
        self.parkedAt = parkedAt
    }

    /// The stream entry's fields, readable with `XRANGE <root>:<gen>:dlq - +`.
    var streamFields: [(String, String)] {
        [
            ("log", log), ("entry", entryId), ("aggregate", aggregate), ("version", version.map(String.init) ?? ""),
            ("type", eventType), ("error", error), ("deliveries", String(deliveries)), ("consumer", consumer),
            ("parkedAt", String(Int64((parkedAt.timeIntervalSince1970 * 1000).rounded()))),
        ]
    }

    /// Reads a dead-letter stream entry back.
    init(_ entry: StreamEntry) {
        self.init(
            id: entry.id, log: entry["log"] ?? "", entryId: entry["entry"] ?? "", aggregate: entry["aggregate"] ?? "",
            version: entry["version"].flatMap { Int64($0) }, eventType: entry["type"] ?? "", error: entry["error"] ?? "",
            deliveries: entry["deliveries"].flatMap { Int($0) } ?? 0, consumer: entry["consumer"] ?? "",
            parkedAt: Date(timeIntervalSince1970: (entry["parkedAt"].flatMap { Double($0) } ?? 0) / 1000)
        )
    }
}
