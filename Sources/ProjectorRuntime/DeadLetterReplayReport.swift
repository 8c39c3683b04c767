/// The outcome of `dlq replay`.
public struct DeadLetterReplayReport: Sendable, Hashable {
    /// Dead letters applied (or found already applied) and removed from the stream.
    public var replayed: [String] = []
    /// Dead letters that failed again, with the error; they stay parked.
    public var failed: [String: String] = [:]
    /// Dead letters of an aggregate left untouched because an earlier one failed.
    public var skipped: [String] = []

    public init() {}
}
