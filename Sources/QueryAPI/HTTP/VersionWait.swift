import ProductReadModel

/// Read-your-writes: waits until the product's read model on one of the read servers has
/// reached a version and answers from that server, or answers 503 at the deadline.
///
/// It polls with exponential backoff, 1 ms doubling up to 50 ms between rounds (so a
/// product that catches up quickly answers within a millisecond or two, and a slow one
/// costs at most ~20 reads a second per server), and never returns an older version.
/// A first version: a notification from the read store would replace the polling.
struct VersionWait: Sendable {
    let timeout: Duration
    var firstDelay: Duration = .milliseconds(1)
    var maxDelay: Duration = .milliseconds(50)

    func product(_ id: Int64, minVersion: Int64, servers: ReadServers) async throws -> ProductDisplay {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var delay = firstDelay
        while true {
            var current: Int64 = 0
            var answered = false
            var lastError: (any Error)?
            // Each server in turn; only one that has the version answers.
            let order = await servers.order()
            for (position, queries) in order.enumerated() {
                let replica = position < order.count - 1  // the primary comes last
                do {
                    let product = try await queries.findById(id)
                    answered = true
                    if let product, product.version >= minVersion { return product }
                    current = max(current, product?.version ?? 0)
                    if replica { servers.metrics.fallback(.belowMinVersion) }
                } catch {
                    lastError = error
                    if replica { servers.metrics.fallback(.down) }
                }
            }
            if !answered, let lastError { throw lastError }
            let now = clock.now
            guard now < deadline else {
                var problem = QueryProblem.unavailable(
                    "product \(id) has not reached version \(minVersion) on any read server within \(timeout); retry later")
                problem.currentVersion = current
                problem.minVersion = minVersion
                throw problem
            }
            try await Task.sleep(until: min(now + delay, deadline), clock: clock)
            delay = min(delay * 2, maxDelay)
        }
    }
}
