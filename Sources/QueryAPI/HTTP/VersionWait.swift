import ProductReadModel

/// Read-your-writes: waits until the product's read model on one of the read servers has
/// reached a version and answers from that server, or answers 503 at the deadline. It
/// never returns an older version.
///
/// With the near cache's tracking session up, it does not poll: it reads the product
/// through the tracked connection (so the read primary will push the key's invalidation)
/// and sleeps until that invalidation, a flush, or `recheckInterval` (a safety net,
/// 4 reads a second at most). Without a session it polls the read servers with
/// exponential backoff, 1 ms doubling up to 50 ms between rounds.
struct VersionWait: Sendable {
    let timeout: Duration
    var nearCache: ProductNearCache?
    var firstDelay: Duration = .milliseconds(1)
    var maxDelay: Duration = .milliseconds(50)
    var recheckInterval: Duration = .milliseconds(250)

    func product(_ id: Int64, minVersion: Int64, servers: ReadServers) async throws -> ProductDisplay {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var delay = firstDelay
        var current: Int64 = 0
        while true {
            let round = try await notifiedRound(id, minVersion: minVersion, until: deadline)
            switch round {
            case .reached(let product):
                return product
            case .waited(let version):
                current = max(current, version)
            case .noNotifications:
                let (product, version) = try await pollingRound(id, minVersion: minVersion, servers: servers)
                if let product { return product }
                current = max(current, version)
                let now = clock.now
                if now < deadline {
                    try await Task.sleep(until: min(now + delay, deadline), clock: clock)
                    delay = min(delay * 2, maxDelay)
                }
            }
            guard clock.now < deadline else {
                var problem = QueryProblem.unavailable(
                    "product \(id) has not reached version \(minVersion) on any read server within \(timeout); retry later")
                problem.currentVersion = current
                problem.minVersion = minVersion
                throw problem
            }
        }
    }

    private enum Round {
        case reached(ProductDisplay)
        /// Read `version` (0: absent), then waited for a change or the recheck interval.
        case waited(version: Int64)
        case noNotifications
    }

    /// Through the near cache: watch first, then read, then wait for the watch to fire.
    private func notifiedRound(_ id: Int64, minVersion: Int64, until deadline: ContinuousClock.Instant) async throws -> Round {
        guard let nearCache, let signal = nearCache.watch(id) else { return .noNotifications }
        defer { nearCache.unwatch(signal, id) }
        let product: CachedProduct?
        if let hit = nearCache.cached(id) {
            product = hit
        } else {
            switch await nearCache.load(id) {
            case .found(let found): product = found
            case .absent: product = nil
            case .unavailable: return .noNotifications
            }
        }
        if let product, product.version >= minVersion { return .reached(product.display) }
        let remaining = deadline - ContinuousClock.now
        if remaining > .zero { await signal.wait(upTo: min(remaining, recheckInterval)) }
        return .waited(version: product?.version ?? 0)
    }

    /// Each server in turn; only one that has the version answers. Returns the product,
    /// or `nil` and the highest version seen.
    private func pollingRound(_ id: Int64, minVersion: Int64, servers: ReadServers) async throws -> (ProductDisplay?, Int64) {
        var current: Int64 = 0
        var answered = false
        var lastError: (any Error)?
        let order = await servers.order()
        for (position, queries) in order.enumerated() {
            let replica = position < order.count - 1  // the primary comes last
            do {
                let product = try await queries.findById(id)
                answered = true
                if let product, product.version >= minVersion { return (product, current) }
                current = max(current, product?.version ?? 0)
                if replica { servers.metrics.fallback(.belowMinVersion) }
            } catch {
                lastError = error
                if replica { servers.metrics.fallback(.down) }
            }
        }
        if !answered, let lastError { throw lastError }
        return (nil, current)
    }
}
