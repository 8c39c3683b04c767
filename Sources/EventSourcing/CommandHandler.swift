import Foundation

/// Load, decide, append: runs one command of an ``Aggregate`` against a store.
///
/// - Without an expected version, a version conflict means someone else appended
///   in between: the handler reloads and decides again, up to ``maxAttempts`` times
///   with jittered backoff. Commands that commute (inventory changes) thus merge.
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
    }

    /// Handles `command`. Throws the aggregate's own errors for rejected commands,
    /// and ``EventStoreError`` for conflicts and store failures. `observe` hears of each
    /// conflict and retry as it happens (for metrics).
    public func handle(
        _ command: A.Command, metadata: CommandMetadata, expectedVersion: ExpectedVersion? = nil, now: Date = Date(),
        observe: (CommandHandlerEvent) -> Void = { _ in }
    ) async throws -> Outcome {
        let aggregateId = A.aggregateId(of: command)
        var attempt = 0
        while true {
            attempt += 1
            let cached = cache?.get(aggregateId)
            let stream = try await store.load(
                aggregateType: A.aggregateType, aggregateId: aggregateId, commandId: metadata.commandId, after: cached?.version
            )
            if let recorded = stream.recordedOutcome {
                return Outcome(aggregateId: aggregateId, version: recorded.version, appendedEvents: recorded.positions.count, duplicate: true, attempts: attempt)
            }
            if let expectedVersion, !expectedVersion.isSatisfied(byCurrentVersion: stream.version) {
                observe(.conflict)
                throw EventStoreError.conflict(aggregate: "\(A.aggregateType):\(aggregateId)", current: stream.version, expected: expectedVersion)
            }
            let state: A.State
            if let cached, stream.version >= cached.version, stream.snapshot == nil,
               stream.events.first.map({ $0.version == cached.version + 1 }) ?? (stream.version == cached.version) {
                state = A.fold(try stream.events.map(A.event(from:)), from: cached.state)
            } else {
                // No cached state, or the store disagrees with it (restored from a backup):
                // load from the snapshot.
                cache?.remove(aggregateId)
                state = try await currentState(of: aggregateId, from: cached == nil
                    ? stream
                    : store.load(aggregateType: A.aggregateType, aggregateId: aggregateId, commandId: nil, after: nil))
            }
            let events = try A.decide(command, state: state)
            guard !events.isEmpty else {
                return Outcome(aggregateId: aggregateId, version: stream.version, appendedEvents: 0, duplicate: false, attempts: attempt)
            }
            let envelopes = try A.envelopes(
                for: events, aggregateId: aggregateId, currentVersion: stream.version, metadata: metadata, timestamp: now
            )
            do {
                let result = try await store.append(envelopes, expected: stream.version == 0 ? .noStream : .exact(stream.version))
                if !result.duplicate {
                    let next = A.fold(events, from: state)
                    cache?.set(aggregateId, version: result.version, state: next)
                    await snapshotIfDue(aggregateId: aggregateId, before: stream.version, after: result.version, state: next)
                }
                return Outcome(aggregateId: aggregateId, version: result.version, appendedEvents: result.positions.count, duplicate: result.duplicate, attempts: attempt)
            } catch let error as EventStoreError where error.kind == .conflict {
                observe(.conflict)
                guard expectedVersion == nil, attempt < maxAttempts else { throw error }
                observe(.retry)
                // The first retries go at once: against one other busy process (the usual
                // case, as each process queues a product's commands), a retry that sleeps
                // loses to a competitor that never pauses, again and again. Past that, full
                // jitter of at most 4 ms spreads out a herd of contenders.
                if attempt > 8 {
                    try await Task.sleep(for: .microseconds(Int.random(in: 0...min(250 << min(attempt - 9, 4), 4_000))))
                }
            }
        }
    }

    /// The state at `stream.version`: from the snapshot when it is readable, else
    /// from every event (a snapshot of another schema or one that fails to decode is
    /// ignored, as is one whose events cannot be read back).
    private func currentState(of aggregateId: String, from stream: StoredStream) async throws -> A.State {
        if let snapshot = stream.snapshot, snapshot.schemaVersion == A.snapshotSchemaVersion,
           let state = try? JSONDecoder().decode(A.State.self, from: Data(snapshot.state)) {
            return A.fold(try stream.events.map(A.event(from:)), from: state)
        }
        let events = stream.snapshot == nil
            ? stream.events
            : try await store.readEvents(aggregateType: A.aggregateType, aggregateId: aggregateId, from: 1, to: stream.version)
        return A.fold(try events.map(A.event(from:)), from: A.initialState)
    }

    private func snapshotIfDue(aggregateId: String, before: Int64, after: Int64, state: A.State) async {
        guard snapshotEvery > 0, before / Int64(snapshotEvery) != after / Int64(snapshotEvery),
              let encoded = try? JSONEncoder().encode(state) else { return }
        // Best effort: a lost snapshot only costs a longer load next time.
        _ = try? await store.saveSnapshot(Snapshot(
            aggregateType: A.aggregateType, aggregateId: aggregateId, version: after,
            schemaVersion: A.snapshotSchemaVersion, state: Array(encoded)
        ))
    }
}
