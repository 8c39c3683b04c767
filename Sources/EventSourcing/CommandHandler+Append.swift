import Foundation

extension CommandHandler {
    /// The outcome of an append; a new one (not a duplicate) updates the cache and
    /// writes a snapshot when one is due.
    @inlinable
    func appended(_ result: AppendResult, _ decision: consuming Decision, aggregateId: String, attempt: Int) async -> Outcome {
        if !result.duplicate {
            // The cache lets go of its copy of the state first: the fold then changes the
            // decision's, the only one left, in place instead of copying it.
            cache?.remove(aggregateId, ifAt: decision.version)
            let next = A.fold(decision.events, from: decision.takeState())
            cache?.set(aggregateId, version: result.version, state: next)
            await snapshotIfDue(aggregateId: aggregateId, before: decision.version, after: result.version, state: next)
        }
        return Outcome(aggregateId: aggregateId, version: result.version, appendedEvents: result.positions.count, duplicate: result.duplicate, attempts: attempt)
    }

    /// After a conflict: folds the events the decision missed into its state and caches
    /// the result at `current`, so the next attempt decides on it without a load.
    /// Returns false when they are not all there (too many, or the store is behind).
    @inlinable
    func catchUp(_ aggregateId: String, from decision: Decision, to current: Int64, _ missed: [EventEnvelope]?) throws -> Bool {
        guard let cache, let missed, current > decision.version, Int64(missed.count) == current - decision.version,
              missed.enumerated().allSatisfy({ $0.element.version == decision.version + 1 + Int64($0.offset) })
        else { return false }
        cache.set(aggregateId, version: current, state: A.fold(try missed.map(A.event(from:)), from: decision.state))
        return true
    }

    /// The pause before retry `attempt + 1` after a conflict that did not bring the
    /// missed events (a full load follows). The first retries go at once: against one
    /// other busy process (the usual case, as each process queues a product's commands),
    /// a retry that sleeps loses to a competitor that never pauses, again and again.
    /// Past that, full jitter of at most 4 ms spreads out a herd of contenders.
    @inlinable
    func backOff(after attempt: Int) async throws {
        if attempt > 8 {
            try await Task.sleep(for: .microseconds(Int.random(in: 0...min(250 << min(attempt - 9, 4), 4_000))))
        }
    }

    @inlinable
    func snapshotIfDue(aggregateId: String, before: Int64, after: Int64, state: A.State) async {
        guard snapshotEvery > 0, before / Int64(snapshotEvery) != after / Int64(snapshotEvery),
              let encoded = try? A.encodeSnapshot(state) else { return }
        // Best effort: a lost snapshot only costs a longer load next time.
        _ = try? await store.saveSnapshot(Snapshot(
            aggregateType: A.aggregateType, aggregateId: aggregateId, version: after,
            schemaVersion: A.snapshotSchemaVersion, state: encoded
        ))
    }
}
