/// How a ``CommandWorker`` reads the commands stream.
public struct CommandWorkerConfiguration: Sendable, Hashable {
    /// The stream's keys (prefix `cqrs` by default).
    public var keys: CommandQueueKeys
    /// This worker's consumer name in the group; unique per running worker (e.g. `host-pid`).
    public var consumer: String
    /// Entries read (and run concurrently) per batch.
    public var batchSize: Int
    /// How long one blocking read waits for new entries. It also bounds how long a
    /// stop request waits for the worker.
    public var blockTime: Duration
    /// Entries pending longer than this on any consumer (a dead worker) are claimed with
    /// XAUTOCLAIM. Keep it well above the time a batch takes.
    public var claimIdle: Duration
    /// How often to look for such entries.
    public var claimInterval: Duration
    /// How long results are kept.
    public var resultTTL: Duration
    /// Deliveries of a command whose outcome is retryable (503: store unavailable, too
    /// much contention) before that outcome is written as its result.
    public var maxDeliveries: Int
    /// The wait before a retryable command is tried again (times its delivery count).
    public var retryDelay: Duration
    /// Deletes entries from the stream once their result is written and acked, so the
    /// stream does not grow without bound (results stay for ``resultTTL``).
    public var deleteAfterAck: Bool

    public init(
        keys: CommandQueueKeys = CommandQueueKeys(), consumer: String, batchSize: Int = 64, blockTime: Duration = .seconds(1),
        claimIdle: Duration = .seconds(30), claimInterval: Duration = .seconds(5), resultTTL: Duration = .seconds(86_400),
        maxDeliveries: Int = 5, retryDelay: Duration = .milliseconds(500), deleteAfterAck: Bool = true
    ) {
        self.keys = keys
        self.consumer = consumer
        self.batchSize = batchSize
        self.blockTime = blockTime
        self.claimIdle = claimIdle
        self.claimInterval = claimInterval
        self.resultTTL = resultTTL
        self.maxDeliveries = maxDeliveries
        self.retryDelay = retryDelay
        self.deleteAfterAck = deleteAfterAck
    }
}
