import ProductReadModel
import RedisClient
import Synchronization

/// The servers queries read from: the read replicas, spread round-robin, then the read
/// primary as the last resort.
///
/// A replica is used only while it is in sync: its `INFO replication` says
/// `master_link_status:up` (or it is a master), checked at most once per
/// ``syncCheckInterval`` per replica, inline with a request. A replica that fails that
/// check, does not answer (a transport error or a time-out), or has no live generation
/// is skipped for the next server in the order, and counted in ``metrics``.
public final class ReadServers: Sendable {
    /// The replicas, in the order configured.
    public let replicas: [ProductQueries]
    /// The read primary.
    public let primary: ProductQueries
    /// How long a replica's sync check is trusted.
    public let syncCheckInterval: Duration
    /// The query API's metrics: fallbacks are counted here, and the API serves them.
    public let metrics: QueryMetrics
    private let next = Atomic<Int>(0)
    private let replicaChecks: Mutex<[(checkedAt: ContinuousClock.Instant, inSync: Bool)?]>

    public init(
        primary: ProductQueries, replicas: [ProductQueries] = [], syncCheckInterval: Duration = .seconds(1), metrics: QueryMetrics = QueryMetrics()
    ) {
        self.primary = primary
        self.replicas = replicas
        self.syncCheckInterval = syncCheckInterval
        self.metrics = metrics
        replicaChecks = Mutex(Array(repeating: nil, count: replicas.count))
    }

    /// The order for one request: the in-sync replicas starting at the next in turn, then
    /// the primary.
    func order() async -> [ProductQueries] {
        guard !replicas.isEmpty else { return [primary] }
        let start = next.add(1, ordering: .relaxed).oldValue % replicas.count
        var servers: [ProductQueries] = []
        for index in Array(start..<replicas.count) + Array(0..<start) {
            if await inSync(index) { servers.append(replicas[index]) } else { metrics.fallback(.notSynced) }
        }
        return servers + [primary]
    }

    /// Runs `read` on the first server of ``order()`` that can answer it. `read` throws
    /// ``ServerUnusable`` to pass to the next; Redis errors pass too. The last server's
    /// failure is thrown.
    func read<T>(_ read: (ProductQueries) async throws -> T) async throws -> T {
        let servers = await order()
        for server in servers.dropLast() {
            do {
                return try await read(server)
            } catch is RedisClientError {
                metrics.fallback(.down)
            } catch is RedisServerError {
                metrics.fallback(.down)  // e.g. a replica that is loading its data set
            } catch is ServerUnusable {
                metrics.fallback(.noLiveGeneration)
            }
        }
        return try await read(servers[servers.count - 1])
    }

    /// Whether replica `index` is in sync, from a check younger than ``syncCheckInterval``
    /// or a fresh `INFO replication`.
    private func inSync(_ index: Int) async -> Bool {
        let now = ContinuousClock.now
        if let check = replicaChecks.withLock({ $0[index] }), now - check.checkedAt < syncCheckInterval {
            return check.inSync
        }
        let inSync = (try? await replicas[index].redis.isInSyncWithPrimary()) ?? false
        replicaChecks.withLock { $0[index] = (now, inSync) }
        return inSync
    }
}

/// Thrown by a read to pass the request to the next server (e.g. no live generation there).
struct ServerUnusable: Error, Sendable {
    let problem: QueryProblem
}
