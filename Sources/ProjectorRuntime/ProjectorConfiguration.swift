/// How one projector instance reads, applies and recovers.
public struct ProjectorConfiguration: Sendable {
    /// Which generation an instance writes to.
    public enum Target: Sendable, Hashable {
        /// The live one, following the pointer when a rebuild switches it (the default).
        case live
        /// One fixed generation (a rebuild's workers); the instance stops when it is retired.
        case fixed(ReadModelGeneration)
    }

    /// The consumer name in the consumer groups; unique per running instance. A restarted
    /// instance may reuse its name.
    public var consumer: String
    /// Entries per read, shared out over the partition logs (at least 16 per log).
    public var batchSize: Int = 256
    /// How long one XREADGROUP blocks when there is nothing new; also bounds how long a
    /// stop request waits.
    public var blockTime: Duration = .milliseconds(500)
    /// Pending entries idle this long are taken over (XAUTOCLAIM) from their consumer,
    /// which has probably died. Keep it well above the time one batch takes.
    public var claimMinIdle: Duration = .seconds(30)
    /// How often the instance looks for idle pending entries; by default half of
    /// ``claimMinIdle``.
    public var claimInterval: Duration?
    /// An entry that fails this many deliveries goes to the dead-letter stream.
    public var maxDeliveries: Int = 5
    /// The generation to write to.
    public var target: Target = .live
    /// How often an instance that follows the live generation checks the pointer while
    /// it has nothing to apply.
    public var pointerCheckInterval: Duration = .seconds(1)
    /// Backoff while a store is unreachable: from the minimum, doubling up to the maximum.
    public var retryMinimumDelay: Duration = .milliseconds(50)
    public var retryMaximumDelay: Duration = .seconds(2)

    public init(consumer: String) {
        self.consumer = consumer
    }

    var effectiveClaimInterval: Duration {
        claimInterval ?? max(.milliseconds(50), claimMinIdle / 2)
    }
}
