import ProjectorRuntime
import RedisClient

/// The near cache's bookkeeping, guarded by one lock in ``ProductNearCache``.
///
/// Every invalidation and flush takes the next number of `sequence`. A fill notes the
/// number when it starts (its ticket) and may store its result only when, by the time it
/// ends, its session is still the current one, no flush came after its ticket, and its
/// product was not invalidated after its ticket. So a reply that crossed an invalidation
/// on the way (the two come on different connections) is never kept.
struct NearCacheState {
    struct Ticket {
        let session: UInt64
        let sequence: UInt64
        let id: Int64
    }

    let capacity: Int
    /// The current tracking session, 0 when there is none (nothing is kept or filled).
    private(set) var session: UInt64 = 0
    /// The connection whose reads the server tracks for this session.
    private(set) var reader: (any RedisCommandSender)?
    /// The live generation, known from a tracked read of the live pointer since the last flush.
    private(set) var generation: ReadModelGeneration?
    private var entries: [Int64: CachedProduct] = [:]
    private var sequence: UInt64 = 0
    private var flushedAt: UInt64 = 0
    private var fillsInFlight: [Int64: Int] = [:]
    private var invalidatedAt: [Int64: UInt64] = [:]
    private var watchers: [Int64: [ChangeSignal]] = [:]
    private var counters = NearCacheStatistics()

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    var statistics: NearCacheStatistics {
        var counters = counters
        counters.entries = entries.count
        return counters
    }

    mutating func lookup(_ id: Int64) -> CachedProduct? {
        guard session != 0 else { return nil }
        if let entry = entries[id] {
            counters.hits += 1
            return entry
        }
        counters.misses += 1
        return nil
    }

    // MARK: Fills

    /// A ticket, the tracked connection and the known generation; `nil` without a session.
    mutating func beginFill(_ id: Int64) -> (Ticket, any RedisCommandSender, ReadModelGeneration?)? {
        guard session != 0, let reader else { return nil }
        fillsInFlight[id, default: 0] += 1
        return (Ticket(session: session, sequence: sequence, id: id), reader, generation)
    }

    /// Ends a fill; keeps `product` and `generation` (what it read) if nothing made them
    /// stale meanwhile.
    mutating func endFill(_ ticket: Ticket, product: CachedProduct?, generation read: ReadModelGeneration?) {
        let current = ticket.session == session && flushedAt <= ticket.sequence
        let productCurrent = current && (invalidatedAt[ticket.id] ?? 0) <= ticket.sequence
        let remaining = (fillsInFlight[ticket.id] ?? 1) - 1
        if remaining == 0 {
            fillsInFlight[ticket.id] = nil
            invalidatedAt[ticket.id] = nil
        } else {
            fillsInFlight[ticket.id] = remaining
        }
        if current, generation == nil { generation = read }
        guard let product else { return }
        guard productCurrent, read == generation else {
            counters.staleFills += 1
            return
        }
        if entries[ticket.id] == nil, entries.count >= capacity {
            entries.remove(at: entries.startIndex)
        }
        entries[ticket.id] = product
        counters.fills += 1
    }

    // MARK: Invalidation

    /// Forgets a product; returns the waits to wake.
    mutating func invalidate(_ id: Int64) -> [ChangeSignal] {
        sequence += 1
        entries[id] = nil
        if fillsInFlight[id] != nil { invalidatedAt[id] = sequence }
        return watchers.removeValue(forKey: id) ?? []
    }

    /// Forgets everything, including the generation; returns every wait to wake.
    mutating func flush() -> [ChangeSignal] {
        sequence += 1
        flushedAt = sequence
        counters.flushes += 1
        entries.removeAll()
        generation = nil
        let woken = watchers.values.flatMap { $0 }
        watchers.removeAll()
        return woken
    }

    mutating func countInvalidation() {
        counters.invalidations += 1
    }

    // MARK: Sessions

    mutating func activate(reader: any RedisCommandSender) -> UInt64 {
        counters.sessions += 1
        session = UInt64(counters.sessions)
        self.reader = reader
        return session
    }

    /// Ends `session` if it is the current one: flushes and stops caching.
    mutating func deactivate(_ ended: UInt64) -> [ChangeSignal] {
        guard ended == session, session != 0 else { return [] }
        session = 0
        reader = nil
        return flush()
    }

    // MARK: Waits

    /// A signal fired when product `id` changes or the cache flushes; `nil` without a
    /// session (nothing would fire it).
    mutating func watch(_ id: Int64) -> ChangeSignal? {
        guard session != 0 else { return nil }
        let signal = ChangeSignal()
        watchers[id, default: []].append(signal)
        return signal
    }

    mutating func unwatch(_ signal: ChangeSignal, _ id: Int64) {
        guard var list = watchers[id] else { return }
        list.removeAll { $0 === signal }
        watchers[id] = list.isEmpty ? nil : list
    }
}
