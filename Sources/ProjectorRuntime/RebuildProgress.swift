/// How a rebuild is getting on, reported every ``RebuildOptions/progressInterval``.
public struct RebuildProgress: Sendable, Hashable {
    public enum Phase: Sendable, Hashable {
        /// Applying the log into the new generation.
        case catchingUp
        /// Caught up: the workers finish their batches and the pointer switches.
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

/// How to run a rebuild.
public struct RebuildOptions: Sendable {
    /// Projector instances filling the new generation, in this process.
    public var workers: Int = 2
    /// Entries per read of each worker.
    public var batchSize: Int = 256
    /// Switch once at most this many events are still unapplied; the live projectors
    /// continue from there in the new generation's groups.
    public var switchWhenBehindAtMost: Int64 = 0
    /// How often progress is reported.
    public var progressInterval: Duration = .milliseconds(500)
    /// Wait this long after the switch before deleting the old generation, so reads that
    /// resolved the pointer just before the switch can finish.
    public var deletionDelay: Duration = .seconds(1)
    /// Idle time before a worker takes over another's pending entries; dead-letter bound.
    public var claimMinIdle: Duration = .seconds(30)
    public var maxDeliveries: Int = 5

    public init() {}
}

/// What a finished rebuild did.
public struct RebuildReport: Sendable, Hashable {
    /// The generation that is live now.
    public var generation: ReadModelGeneration
    /// The generation it replaced (deleted), if there was one.
    public var replaced: ReadModelGeneration?
    /// True when an interrupted rebuild of `generation` was resumed.
    public var resumed: Bool
    /// Events the workers applied in this run.
    public var eventsApplied: Int
    public var duration: Duration
    /// Keys of the replaced generation that were unlinked.
    public var keysDeleted: Int
}
