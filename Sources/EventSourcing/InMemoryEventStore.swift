import Foundation
import Synchronization

/// An event store in memory, with the same contract as the Redis one: atomic
/// appends with expected versions and idempotent command ids. For tests.
public final class InMemoryEventStore: EventStoring {
    private struct State {
        var streams: [String: [EventEnvelope]] = [:]
        var snapshots: [String: Snapshot] = [:]
        var commands: [UUID: (aggregate: String, result: AppendResult)] = [:]
        var position = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Every event, in append order (a stand-in for the log).
    public var allEvents: [EventEnvelope] {
        state.withLock { $0.streams.values.flatMap { $0 }.sorted { ($0.position ?? "") < ($1.position ?? "") } }
    }

    public func load(aggregateType: String, aggregateId: String, commandId: UUID?, after: Int64?) async throws -> StoredStream {
        let key = "\(aggregateType):\(aggregateId)"
        return state.withLock { state in
            let events = state.streams[key] ?? []
            var outcome: AppendResult?
            if let commandId, let recorded = state.commands[commandId], recorded.aggregate == key {
                outcome = recorded.result
            }
            if let after, after <= Int64(events.count) {
                return StoredStream(version: Int64(events.count), events: Array(events[Int(after)...]), recordedOutcome: outcome)
            }
            let snapshot = state.snapshots[key].flatMap { $0.version <= Int64(events.count) ? $0 : nil }
            let from = Int(snapshot?.version ?? 0)
            return StoredStream(version: Int64(events.count), snapshot: snapshot, events: Array(events[from...]), recordedOutcome: outcome)
        }
    }

    public func readEvents(aggregateType: String, aggregateId: String, from: Int64, to: Int64) async throws -> [EventEnvelope] {
        let events = state.withLock { $0.streams["\(aggregateType):\(aggregateId)"] ?? [] }
        let lower = max(1, Int(from))
        let upper = min(events.count, Int(to))
        return lower <= upper ? Array(events[(lower - 1)..<upper]) : []
    }

    public func append(_ events: [EventEnvelope], expected: ExpectedVersion) async throws -> AppendResult {
        guard let first = events.first else { throw EventStoreError(.invalidRequest, "an append needs at least one event") }
        let key = "\(first.aggregateType):\(first.aggregateId)"
        guard events.allSatisfy({ "\($0.aggregateType):\($0.aggregateId)" == key && $0.commandId == first.commandId }) else {
            throw EventStoreError(.invalidRequest, "one append takes events of one aggregate and one command")
        }
        return try state.withLock { state in
            if let recorded = state.commands[first.commandId] {
                guard recorded.aggregate == key else {
                    throw EventStoreError(.idempotencyKeyReused, "command \(first.commandId) was already used for \(recorded.aggregate)")
                }
                var result = recorded.result
                result.duplicate = true
                return result
            }
            var stream = state.streams[key] ?? []
            let current = Int64(stream.count)
            guard expected.isSatisfied(byCurrentVersion: current) else {
                throw EventStoreError.conflict(aggregate: key, current: current, expected: expected)
            }
            var positions: [String] = []
            for (offset, event) in events.enumerated() {
                state.position += 1
                let position = String(format: "%020d-0", state.position)
                var stored = event.withPosition(position)
                stored.version = current + Int64(offset) + 1
                stream.append(stored)
                positions.append(position)
            }
            state.streams[key] = stream
            let result = AppendResult(version: Int64(stream.count), firstVersion: current + 1, positions: positions, duplicate: false)
            state.commands[first.commandId] = (key, result)
            return result
        }
    }

    public func saveSnapshot(_ snapshot: Snapshot) async throws -> Bool {
        let key = "\(snapshot.aggregateType):\(snapshot.aggregateId)"
        return state.withLock { state in
            let current = Int64(state.streams[key]?.count ?? 0)
            guard snapshot.version <= current, snapshot.version > (state.snapshots[key]?.version ?? 0) else { return false }
            state.snapshots[key] = snapshot
            return true
        }
    }
}
