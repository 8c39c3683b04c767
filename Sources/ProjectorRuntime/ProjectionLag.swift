import Foundation

/// How far a projection's generation is behind the log, per partition and in total.
public struct ProjectionLag: Sendable, Hashable {
    public var projection: String
    public var generation: ReadModelGeneration
    public var partitions: [PartitionLag]
    public var measuredAt: Date

    /// Events not yet applied, over all partitions.
    public var eventsBehind: Int64 { partitions.reduce(0) { $0 + $1.eventsBehind } }
    /// Seconds since the oldest unapplied event was appended (0 when caught up).
    public var secondsBehind: Double {
        partitions.compactMap(\.oldestUnappliedAt).map { max(0, measuredAt.timeIntervalSince($0)) }.max() ?? 0
    }
    /// True when every event of every log is applied.
    public var isCaughtUp: Bool { eventsBehind == 0 }
    /// Events the logs hold, as far as the group knows (read + undelivered).
    public var eventsInLogs: Int64 { partitions.reduce(0) { $0 + ($1.entriesRead ?? 0) + $1.undelivered } }
    /// Events applied (read and acknowledged).
    public var eventsApplied: Int64 { partitions.reduce(0) { $0 + ($1.entriesRead ?? 0) - Int64($1.pending) } }
}
