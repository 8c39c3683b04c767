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
    /// From the start to the end, deleting the replaced generation included.
    public var duration: Duration
    /// From the start to the switch of the live pointer: the time spent building.
    public var switchedAfter: Duration
    /// Keys of the replaced generation that were unlinked.
    public var keysDeleted: Int
}
