/// Why an event store call failed.
public struct EventStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The aggregate's version did not satisfy the expected version. Nothing was written.
        case conflict
        /// The command id was already used for another aggregate. Nothing was written.
        case idempotencyKeyReused
        /// The store could not be reached, or the call's outcome is unknown.
        case unavailable
        /// The stored data contradicts itself (e.g. an index pointing at a missing event).
        case corrupt
        /// The store is not initialised, or was initialised with other settings.
        case misconfigured
        /// The request was invalid (e.g. events of two aggregates in one append).
        case invalidRequest
    }

    public let kind: Kind
    public let message: String
    /// For `.conflict`: the aggregate's version at the time of the append.
    public let currentVersion: Int64?
    /// For `.unavailable`: true when the append may have been applied.
    public let outcomeUnknown: Bool

    public init(_ kind: Kind, _ message: String, currentVersion: Int64? = nil, outcomeUnknown: Bool = false) {
        self.kind = kind
        self.message = message
        self.currentVersion = currentVersion
        self.outcomeUnknown = outcomeUnknown
    }

    public static func conflict(aggregate: String, current: Int64, expected: ExpectedVersion) -> Self {
        Self(.conflict, "version conflict on \(aggregate): expected \(expected.wire), current version is \(current)", currentVersion: current)
    }

    public var description: String { message }
}
