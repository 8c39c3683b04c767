import EventSourcing
import RedisClient

/// One log entry delivered to this consumer, and how often it has been delivered.
struct DeliveredEntry: Sendable {
    let log: String
    let entry: StreamEntry
    let deliveries: Int
}

/// What became of one delivered entry.
enum EntryFate: Sendable {
    /// Applied, already applied, not for this projection, or parked: acknowledge it.
    case done
    /// Could not be applied this time; it stays pending and is delivered again.
    case failed(String)
    /// Its aggregate has a parked event: park this one behind it at once.
    case blocked(String)
    /// The generation is no longer writable; leave it to the new generation's group.
    case retired
}

extension EventEnvelope {
    /// `ProductRated v2 of Product:42 version 7 (log entry 1732...-0)`, for errors.
    var summary: String {
        "\(eventType) v\(schemaVersion) of \(aggregateType):\(aggregateId) version \(version)\(position.map { " (log entry \($0))" } ?? "")"
    }
}
