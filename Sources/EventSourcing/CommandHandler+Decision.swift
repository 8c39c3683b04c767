import Foundation

extension CommandHandler {
    /// The events a command produces, decided on the aggregate's state at `version`.
    @usableFromInline
    struct Decision {
        @usableFromInline var version: Int64
        @usableFromInline var state: A.State
        @usableFromInline var events: [A.Event]

        @inlinable
        init(version: Int64, state: A.State, events: [A.Event]) {
            self.version = version
            self.state = state
            self.events = events
        }

        /// Hands over the state, leaving the initial one behind, so the caller's copy is
        /// the only one (see ``Aggregate/evolve(_:_:)``).
        @inlinable
        mutating func takeState() -> A.State {
            var taken = A.initialState
            swap(&taken, &state)
            return taken
        }
    }

    /// What deciding on a freshly loaded state came to.
    @usableFromInline
    enum LoadedDecision {
        case decided(Decision)
        /// The command id had already succeeded (its first outcome), or the command
        /// changed nothing.
        case answered(Outcome)
        /// The caller's expected version does not match the aggregate.
        case conflict(EventStoreError)
    }

    /// The decision on the cached state, when the cache holds the aggregate (at the
    /// caller's expected version, if one is given) and the command produces events
    /// there. `nil` otherwise: a rejection or a command that changes nothing may be the
    /// retry of a command that succeeded before, which only a load answers correctly.
    @inlinable
    func decisionOnCachedState(_ command: A.Command, aggregateId: String, expectedVersion: ExpectedVersion?) -> Decision? {
        guard let cached = cache?.get(aggregateId),
              expectedVersion?.isSatisfied(byCurrentVersion: cached.version) ?? true,
              let events = try? A.decide(command, state: cached.state), !events.isEmpty
        else { return nil }
        return Decision(version: cached.version, state: cached.state, events: events)
    }

    /// Loads the aggregate (only the events since the cached version, when there is
    /// one), checking the command id first, then decides.
    @inlinable
    func decisionOnLoadedState(
        _ command: A.Command, aggregateId: String, metadata: CommandMetadata, expectedVersion: ExpectedVersion?, attempt: Int
    ) async throws -> LoadedDecision {
        let cached = cache?.get(aggregateId)
        let stream = try await store.load(
            aggregateType: A.aggregateType, aggregateId: aggregateId, commandId: metadata.commandId, after: cached?.version
        )
        if let recorded = stream.recordedOutcome {
            return .answered(Outcome(aggregateId: aggregateId, version: recorded.version, appendedEvents: recorded.positions.count, duplicate: true, attempts: attempt))
        }
        if let expectedVersion, !expectedVersion.isSatisfied(byCurrentVersion: stream.version) {
            return .conflict(.conflict(aggregate: "\(A.aggregateType):\(aggregateId)", current: stream.version, expected: expectedVersion))
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
            return .answered(Outcome(aggregateId: aggregateId, version: stream.version, appendedEvents: 0, duplicate: false, attempts: attempt))
        }
        return .decided(Decision(version: stream.version, state: state, events: events))
    }

    /// The state at `stream.version`: from the snapshot when it is readable, else
    /// from every event (a snapshot of another schema or one that fails to decode is
    /// ignored, as is one whose events cannot be read back).
    @inlinable
    func currentState(of aggregateId: String, from stream: StoredStream) async throws -> A.State {
        if let snapshot = stream.snapshot, snapshot.schemaVersion == A.snapshotSchemaVersion,
           let state = try? JSONDecoder().decode(A.State.self, from: Data(snapshot.state)) {
            return A.fold(try stream.events.map(A.event(from:)), from: state)
        }
        let events = stream.snapshot == nil
            ? stream.events
            : try await store.readEvents(aggregateType: A.aggregateType, aggregateId: aggregateId, from: 1, to: stream.version)
        return A.fold(try events.map(A.event(from:)), from: A.initialState)
    }
}
