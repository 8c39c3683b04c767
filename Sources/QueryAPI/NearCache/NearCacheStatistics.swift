/// What the near cache has done since it started.
public struct NearCacheStatistics: Sendable, Hashable {
    /// Reads answered from memory.
    public var hits = 0
    /// Reads that found nothing in memory (while tracking was on).
    public var misses = 0
    /// Products read from Redis into the cache.
    public var fills = 0
    /// Fills dropped because an invalidation or a flush came while they were in flight.
    public var staleFills = 0
    /// Invalidation messages received.
    public var invalidations = 0
    /// Times the whole cache was emptied: the live pointer changed, the database was
    /// flushed, or the tracking session ended.
    public var flushes = 0
    /// Tracking sessions started (the first, then one per reconnection).
    public var sessions = 0
    /// Entries now held.
    public var entries = 0
}
