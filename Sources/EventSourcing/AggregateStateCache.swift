import Synchronization

/// The last state a process decided on, per aggregate, so the next command is decided on
/// it without a load, and appended in one round trip.
///
/// It is a hint, never the truth: every append still checks the expected version, and a
/// conflict brings the missing events (or, past 64 of them, a load does). Bounded: when
/// full, an arbitrary half is dropped.
public final class AggregateStateCache<State: Sendable>: Sendable {
    @usableFromInline let entries = Mutex<[String: (version: Int64, state: State)]>([:])
    /// How many aggregates it holds at most.
    public let capacity: Int

    @inlinable
    public init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
    }

    @inlinable
    public func get(_ aggregateId: String) -> (version: Int64, state: State)? {
        entries.withLock { $0[aggregateId] }
    }

    @inlinable
    public func set(_ aggregateId: String, version: Int64, state: State) {
        entries.withLock { entries in
            if entries.count >= capacity, entries[aggregateId] == nil {
                for key in entries.keys.prefix(capacity / 2) { entries[key] = nil }
            }
            if version > entries[aggregateId]?.version ?? -1 { entries[aggregateId] = (version, state) }
        }
    }

    @inlinable
    public func remove(_ aggregateId: String) {
        _ = entries.withLock { $0.removeValue(forKey: aggregateId) }
    }

    /// Removes the entry of `aggregateId` if it is still at `version`; a newer one, cached
    /// meanwhile by a concurrent command, stays.
    @inlinable
    public func remove(_ aggregateId: String, ifAt version: Int64) {
        entries.withLock { entries in
            // Moved out, and back in if newer: reading the version in place copied the
            // whole entry, state and all.
            guard let entry = entries.removeValue(forKey: aggregateId), entry.version != version else { return }
            entries[aggregateId] = entry
        }
    }

    @inlinable
    public var count: Int { entries.withLock { $0.count } }
}
