import Foundation

/// What command handling needs from an event store. `RedisEventStore` is the real
/// one; ``InMemoryEventStore`` serves fast tests.
public protocol EventStoring: Sendable {
    /// The aggregate's version, its latest snapshot, and the events after it, in one
    /// round trip. With a `commandId` that already succeeded, `recordedOutcome` is set.
    /// With `after` (the caller holds the state at that version) and `after` at most the
    /// current version, no snapshot comes back and `events` are those after `after`.
    func load(aggregateType: String, aggregateId: String, commandId: UUID?, after: Int64?) async throws -> StoredStream

    /// Events of one aggregate by version, `from...to` (clamped to what exists).
    func readEvents(aggregateType: String, aggregateId: String, from: Int64, to: Int64) async throws -> [EventEnvelope]

    /// Appends events of one aggregate and one command atomically, if the aggregate's
    /// version satisfies `expected`. The store assigns the versions. Re-sending the same
    /// command id returns the first outcome with `duplicate == true` and writes nothing.
    func append(_ events: [EventEnvelope], expected: ExpectedVersion) async throws -> AppendResult

    /// Appends like `append(_:expected: .exact(expectedVersion))`, for a caller that
    /// decided on a state it holds at `expectedVersion`; but a version conflict is an
    /// answer, not an error: the current version and, when there are at most
    /// ``AppendAttempt/catchUpLimit``, the events after `expectedVersion`, so the caller
    /// can catch up and decide again without a load. The command id is checked first: a
    /// recorded one answers `.appended` with `duplicate == true`, whatever the version.
    /// The default implementation reads the missed events in a second call; a store
    /// that can do it in one round trip overrides it.
    func appendOrCatchUp(_ events: [EventEnvelope], expectedVersion: Int64) async throws -> AppendAttempt

    /// Stores a snapshot if it is newer than the stored one; returns whether it was written.
    @discardableResult
    func saveSnapshot(_ snapshot: Snapshot) async throws -> Bool
}

extension EventStoring {
    /// A full load: the latest snapshot and the events after it.
    public func load(aggregateType: String, aggregateId: String, commandId: UUID?) async throws -> StoredStream {
        try await load(aggregateType: aggregateType, aggregateId: aggregateId, commandId: commandId, after: nil)
    }
}

/// One aggregate as loaded for a command.
public struct StoredStream: Sendable, Hashable {
    /// The aggregate's current version (0 when it has no events).
    public var version: Int64
    /// The latest snapshot, if any (it may be of an older schema: check it).
    public var snapshot: Snapshot?
    /// The events after the snapshot (all of them without one), in version order.
    public var events: [EventEnvelope]
    /// Set when the command id given to `load` already succeeded.
    public var recordedOutcome: AppendResult?

    public init(version: Int64, snapshot: Snapshot? = nil, events: [EventEnvelope] = [], recordedOutcome: AppendResult? = nil) {
        self.version = version
        self.snapshot = snapshot
        self.events = events
        self.recordedOutcome = recordedOutcome
    }
}

/// A stored aggregate state at a version.
public struct Snapshot: Sendable, Hashable {
    public var aggregateType: String
    public var aggregateId: String
    public var version: Int64
    /// The encoding's schema version (`Aggregate.snapshotSchemaVersion`).
    public var schemaVersion: Int
    public var state: [UInt8]

    public init(aggregateType: String, aggregateId: String, version: Int64, schemaVersion: Int, state: [UInt8]) {
        self.aggregateType = aggregateType
        self.aggregateId = aggregateId
        self.version = version
        self.schemaVersion = schemaVersion
        self.state = state
    }
}

/// The outcome of an append.
public struct AppendResult: Sendable, Hashable {
    /// The aggregate's version after the append.
    public var version: Int64
    /// The version of the first appended event.
    public var firstVersion: Int64
    /// The log positions (stream entry ids) of the appended events, in order.
    public var positions: [String]
    /// True when this command id had already succeeded: nothing new was written.
    public var duplicate: Bool

    public init(version: Int64, firstVersion: Int64, positions: [String], duplicate: Bool) {
        self.version = version
        self.firstVersion = firstVersion
        self.positions = positions
        self.duplicate = duplicate
    }
}
