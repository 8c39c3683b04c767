extension EventStoring {
    /// The composite form, for stores without a one-call version: the append, and on a
    /// conflict a read of the events after `expectedVersion` (a second round trip).
    public func appendOrCatchUp(_ events: [EventEnvelope], expectedVersion: Int64) async throws -> AppendAttempt {
        do {
            return .appended(try await append(events, expected: .exact(expectedVersion)))
        } catch let error as EventStoreError where error.kind == .conflict {
            guard let current = error.currentVersion else { throw error }
            guard current > expectedVersion, current - expectedVersion <= AppendAttempt.catchUpLimit, let first = events.first else {
                return .conflict(current: current, events: nil)
            }
            let missed = try await readEvents(
                aggregateType: first.aggregateType, aggregateId: first.aggregateId, from: expectedVersion + 1, to: current)
            return .conflict(current: current, events: missed.count == current - expectedVersion ? missed : nil)
        }
    }
}
