import Foundation

/// Decide and append: runs one command of an ``Aggregate`` against a store.
///
/// - With the aggregate's state in ``cache`` (the usual case), the command is decided on
///   it and appended with its version as the expected one: one round trip. A conflict
///   brings back the events the cache missed (``EventStoring/appendOrCatchUp(_:expectedVersion:)``),
///   so the next attempt is one round trip too, for every contender alike.
/// - Otherwise, and when the cached state rejects the command or changes nothing (it may
///   be the retry of a command that succeeded before), the aggregate is loaded with the
///   command id checked first, then decided and appended.
/// - Without an expected version, a version conflict means someone else appended
///   in between: the handler decides again on the caught-up state, up to ``maxAttempts``
///   times with jittered backoff. Commands that commute (inventory changes) thus merge.
/// - With an expected version from the caller (HTTP `If-Match`), a mismatch is
///   reported at once with the current version; nothing is retried or written.
/// - A command id that already succeeded answers its first outcome again.
public struct CommandHandler<A: Aggregate>: Sendable {
    public let store: any EventStoring
    /// Attempts before a persistent conflict is reported.
    public var maxAttempts: Int
    /// A snapshot is written each time the version crosses a multiple of this (0: never).
    public var snapshotEvery: Int
    /// The states this process last decided on (shared by copies of the handler);
    /// `nil` loads every aggregate from its snapshot each time.
    public let cache: AggregateStateCache<A.State>?

    public init(store: any EventStoring, maxAttempts: Int = 64, snapshotEvery: Int = 100, cacheCapacity: Int = 10_000) {
        self.store = store
        self.maxAttempts = maxAttempts
        self.snapshotEvery = snapshotEvery
        self.cache = cacheCapacity > 0 ? AggregateStateCache(capacity: cacheCapacity) : nil
    }

    /// The outcome of a handled command.
    public struct Outcome: Sendable, Hashable {
        public var aggregateId: String
        /// The aggregate's version after the command.
        public var version: Int64
        /// How many events the command appended (0 when it changed nothing).
        public var appendedEvents: Int
        /// True when this command id had already succeeded before.
        public var duplicate: Bool
        /// Attempts used (conflict retries + 1).
        public var attempts: Int

        @usableFromInline
        init(aggregateId: String, version: Int64, appendedEvents: Int, duplicate: Bool, attempts: Int) {
            self.aggregateId = aggregateId
            self.version = version
            self.appendedEvents = appendedEvents
            self.duplicate = duplicate
            self.attempts = attempts
        }
    }

    /// Handles `command`. Throws the aggregate's own errors for rejected commands,
    /// and ``EventStoreError`` for conflicts and store failures. `observe` hears of each
    /// conflict and retry as it happens (for metrics).
    ///
    /// Inlinable, as are the helpers it calls and ``AggregateStateCache``: a caller that
    /// names its aggregate (the command API's `CommandHandler<Product>`) compiles its own
    /// specialized copy. The generic one copied states and cache entries through value
    /// witnesses and looked up generic metadata on every command.
    @inlinable
    public func handle(
        _ command: A.Command, metadata: CommandMetadata, expectedVersion: ExpectedVersion? = nil, now: Date = Date(),
        observe: (CommandHandlerEvent) -> Void = { _ in }
    ) async throws -> Outcome {
        let aggregateId = A.aggregateId(of: command)
        var attempt = 0
        var mustLoad = false  // set when a conflict left the cache behind the store
        while true {
            attempt += 1
            let decision: Decision
            if !mustLoad, let cached = decisionOnCachedState(command, aggregateId: aggregateId, expectedVersion: expectedVersion) {
                decision = cached
            } else {
                switch try await decisionOnLoadedState(command, aggregateId: aggregateId, metadata: metadata, expectedVersion: expectedVersion, attempt: attempt) {
                case .decided(let loaded): decision = loaded
                case .answered(let outcome): return outcome
                case .conflict(let error):
                    observe(.conflict)
                    throw error
                }
            }
            let envelopes = try A.envelopes(
                for: decision.events, aggregateId: aggregateId, currentVersion: decision.version, metadata: metadata, timestamp: now
            )
            switch try await store.appendOrCatchUp(envelopes, expectedVersion: decision.version) {
            case .appended(let result):
                return await appended(result, consume decision, aggregateId: aggregateId, attempt: attempt)
            case .conflict(let current, let missed):
                observe(.conflict)
                mustLoad = !(try catchUp(aggregateId, from: decision, to: current, missed))
                guard expectedVersion == nil, attempt < maxAttempts else {
                    throw EventStoreError.conflict(
                        aggregate: "\(A.aggregateType):\(aggregateId)", current: current, expected: expectedVersion ?? .exact(decision.version))
                }
                observe(.retry)
                // Caught up, the next attempt is one round trip on current state, as the
                // competitor's is: pausing would only hand it the next race too.
                if mustLoad { try await backOff(after: attempt) }
            }
        }
    }
}
