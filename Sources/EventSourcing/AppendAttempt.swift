/// What ``EventStoring/appendOrCatchUp(_:expectedVersion:)`` did.
public enum AppendAttempt: Sendable, Hashable {
    /// The events were appended, or their command id had already succeeded
    /// (`duplicate`: its first outcome, nothing new written).
    case appended(AppendResult)
    /// The aggregate is at `current`, not at the expected version; nothing was written.
    /// `events` are those after the expected version, in version order, when there are
    /// at most ``catchUpLimit`` of them; `nil` when there are more, or when the store is
    /// behind the expected version: then the caller loads the aggregate.
    case conflict(current: Int64, events: [EventEnvelope]?)

    /// The most missed events a conflict brings back.
    public static let catchUpLimit: Int64 = 64
}
