import Foundation

/// How far one projection's consumer group is behind on one partition log.
public struct PartitionLag: Sendable, Hashable {
    public var partition: Int
    public var log: String
    /// Entries not yet delivered to the group (`XINFO GROUPS` lag).
    public var undelivered: Int64
    /// Entries delivered but not yet acknowledged (in flight, failing, or of a dead instance).
    public var pending: Int
    /// Entries delivered to the group so far (`entries-read`), when Redis knows it.
    public var entriesRead: Int64?
    /// When the oldest unapplied entry was appended (from its entry id); `nil` when caught up.
    public var oldestUnappliedAt: Date?

    /// Events not yet applied: undelivered plus pending.
    public var eventsBehind: Int64 { undelivered + Int64(pending) }
}
