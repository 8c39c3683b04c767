/// How a rebuild is getting on, reported every ``RebuildOptions/progressInterval``.
public struct RebuildProgress: Sendable, Hashable {
    public enum Phase: Sendable, Hashable {
        /// Applying the log into the new generation.
        case catchingUp
        /// Caught up: the pointer switches while the workers still run; then they stop.
        case switching
        /// The new generation is live; the old one is being deleted (SCAN + UNLINK).
        case deletingOldGeneration(ReadModelGeneration)
        case done
    }

    public var generation: ReadModelGeneration
    public var phase: Phase
    /// Events applied to the new generation so far (including before a resume).
    public var eventsDone: Int64
    /// Events in the logs right now (they keep growing under load).
    public var eventsTotal: Int64
    /// Events per second since this run started.
    public var eventsPerSecond: Double
    /// Time to catch up at the current rate; `nil` when it cannot be told yet.
    public var estimatedTimeRemaining: Duration?
    /// Keys of the old generation unlinked so far.
    public var keysDeleted: Int
}
