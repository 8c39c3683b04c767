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
