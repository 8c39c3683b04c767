import MetricsEndpoint
import Prometheus

extension QueryMetrics {
    /// Publishes the near cache's ``NearCacheStatistics``: each counter grows by what
    /// happened since `previous` (the cache copies its figures here once a second, so a
    /// hit costs no shared counter), the gauges take the current values.
    ///
    /// `cqrs_near_cache_reads_total{result="hit"|"miss"}`, `cqrs_near_cache_fills_total`,
    /// `cqrs_near_cache_stale_fills_total`, `cqrs_near_cache_invalidations_total`,
    /// `cqrs_near_cache_flushes_total`, `cqrs_near_cache_sessions_total`,
    /// `cqrs_near_cache_entries`, `cqrs_near_cache_active` (1 while a tracking session is up).
    func publishNearCache(_ now: NearCacheStatistics, previous: NearCacheStatistics, active: Bool) {
        let counters: [(MetricNameDescriptor, [(String, String)], Int)] = [
            (Self.nearCacheReads, [("result", "hit")], now.hits - previous.hits),
            (Self.nearCacheReads, [("result", "miss")], now.misses - previous.misses),
            (.cqrs("near_cache_fills", "total", "Entries read from Redis into the near cache."), [], now.fills - previous.fills),
            (.cqrs("near_cache_stale_fills", "total", "Near cache fills dropped: an invalidation or a flush crossed them."), [],
             now.staleFills - previous.staleFills),
            (.cqrs("near_cache_invalidations", "total", "Invalidation messages the near cache received."), [],
             now.invalidations - previous.invalidations),
            (.cqrs("near_cache_flushes", "total", "Times the near cache was emptied (live pointer changed, session ended)."), [],
             now.flushes - previous.flushes),
            (.cqrs("near_cache_sessions", "total", "Tracking sessions the near cache started."), [], now.sessions - previous.sessions),
        ]
        for (descriptor, labels, delta) in counters {
            registry.makeCounter(descriptor: descriptor, labels: labels).increment(by: Int64(max(0, delta)))
        }
        registry.makeGauge(descriptor: .cqrs("near_cache_entries", "", "Entries the near cache holds.")).set(Int64(now.entries))
        registry.makeGauge(descriptor: .cqrs("near_cache_active", "", "1 while the near cache has a tracking session (it caches), else 0."))
            .set(Int64(active ? 1 : 0))
    }

    static var nearCacheReads: MetricNameDescriptor { .cqrs("near_cache_reads", "total", "Near cache lookups, by result.") }
}
