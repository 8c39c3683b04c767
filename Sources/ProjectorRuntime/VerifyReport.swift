/// The outcome of `cqrs verify`: the read models of a generation against the read
/// models recomputed from the whole log in memory.
public struct VerifyReport: Sendable, Hashable {
    public var generation: ReadModelGeneration
    /// Events read from the logs.
    public var eventsRead: Int
    /// Read-model keys the log says should exist.
    public var keysExpected: Int
    /// Read-model keys found in the generation (the runtime's own keys aside).
    public var keysFound: Int
    /// The first differences, sorted by key (at most the requested number).
    public var differences: [ReadModelDifference]
    /// All differences found, including those not listed.
    public var differenceCount: Int
    /// Events the projection cannot decode (they are dead letters, or will be).
    public var undecodable: [UndecodableEvent]

    /// True when the generation holds exactly what the log says, and every event decodes.
    public var isClean: Bool { differenceCount == 0 && undecodable.isEmpty }
}
