import ProjectorRuntime
import RedisClient

/// The near cache's bookkeeping, guarded by one lock in ``ProductNearCache``.
///
/// Each entry lists the Redis keys its fill read (a product hash; a list's set and the
/// hashes of its items); an invalidation of any of them drops it. Every invalidated key
/// and every flush takes the next number of `sequence`. A fill notes the number when it
/// starts (its ticket) and may store its result only when, by the time it ends, its
/// session is still current, no flush came after its ticket, and none of the keys it read
/// was invalidated after its ticket. So a reply that crossed an invalidation on the way
/// (the two come on different connections) is never kept. Invalidations are logged only
/// while fills are in flight, at most `logLimit` of them.
struct NearCacheState {
    struct Ticket {
        let session: UInt64
        let sequence: UInt64
    }

    private struct Entry {
        let value: CachedValue
        let keys: [String]
    }

    let capacity: Int
    var logLimit = 4096
    /// The current tracking session, 0 when there is none (nothing is kept or filled).
    private(set) var session: UInt64 = 0
    /// The connection whose reads the server tracks for this session.
    private(set) var reader: (any RedisCommandSender)?
    /// The live generation, known from a tracked read of the live pointer since the last flush.
    private(set) var generation: ReadModelGeneration?
    private var entries: [NearCacheKey: Entry] = [:]
    private var dependents: [String: Set<NearCacheKey>] = [:]
    private var sequence: UInt64 = 0
    private var flushedAt: UInt64 = 0
    private var fillsInFlight = 0
    private var log: [(sequence: UInt64, key: String)] = []
    /// Invalidations up to this number were dropped from the log.
    private var forgottenUpTo: UInt64 = 0
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

    mutating func lookup(_ key: NearCacheKey) -> CachedValue? {
        guard session != 0 else { return nil }
        if let entry = entries[key] {
            counters.hits += 1
            return entry.value
        }
        counters.misses += 1
        return nil
    }

    // MARK: Fills

    /// A ticket, the tracked connection and the known generation; `nil` without a session.
    mutating func beginFill() -> (Ticket, any RedisCommandSender, ReadModelGeneration?)? {
        guard session != 0, let reader else { return nil }
        fillsInFlight += 1
        return (Ticket(session: session, sequence: sequence), reader, generation)
    }

    /// Ends a fill that read `keys` in generation `read`; keeps `value` under `key` (and
    /// the generation) if nothing made them stale meanwhile.
    mutating func endFill(_ ticket: Ticket, key: NearCacheKey, value: CachedValue?, keys: [String], generation read: ReadModelGeneration?) {
        fillsInFlight -= 1
        defer { if fillsInFlight == 0 { log.removeAll(keepingCapacity: true) } }
        let current = ticket.session == session && flushedAt <= ticket.sequence
        if current, generation == nil { generation = read }
        guard let value else { return }
        guard current, read == generation, !invalidated(keys, after: ticket.sequence) else {
            counters.staleFills += 1
            return
        }
        if entries[key] != nil {
            remove(key)
        } else if entries.count >= capacity, let victim = entries.keys.first {
            remove(victim)
        }
        entries[key] = Entry(value: value, keys: keys)
        for read in keys { dependents[read, default: []].insert(key) }
        counters.fills += 1
    }

    private func invalidated(_ keys: [String], after ticket: UInt64) -> Bool {
        if forgottenUpTo > ticket { return true }
        let newer = log.reversed().prefix { $0.sequence > ticket }
        guard !newer.isEmpty else { return false }
        let read = Set(keys)
        return newer.contains { read.contains($0.key) }
    }

    private mutating func remove(_ key: NearCacheKey) {
        guard let entry = entries.removeValue(forKey: key) else { return }
        for read in entry.keys {
            dependents[read]?.remove(key)
            if dependents[read]?.isEmpty == true { dependents[read] = nil }
        }
    }

    // MARK: Invalidation

    /// Drops every entry that read Redis key `key`; returns the waits to wake (those on
    /// `product`, when the key is that product's hash).
    mutating func invalidate(_ key: String, product: Int64?) -> [ChangeSignal] {
        sequence += 1
        if fillsInFlight > 0 {
            log.append((sequence, key))
            if log.count > logLimit {
                forgottenUpTo = log[log.count - logLimit - 1].sequence
                log.removeFirst(log.count - logLimit)
            }
        }
        for stale in dependents.removeValue(forKey: key) ?? [] { remove(stale) }
        guard let product else { return [] }
        return watchers.removeValue(forKey: product) ?? []
    }

    /// Forgets everything, including the generation; returns every wait to wake.
    mutating func flush() -> [ChangeSignal] {
        sequence += 1
        flushedAt = sequence
        counters.flushes += 1
        entries.removeAll()
        dependents.removeAll()
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
