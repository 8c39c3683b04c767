import ProductReadModel
import RedisClient
import Synchronization

/// The servers queries read from: the read replicas, spread round-robin, then the read
/// primary as the last resort. A server that does not answer (a transport error or a
/// time-out) or has no live generation (e.g. a replica not synced yet) is skipped for
/// the next one in the order.
public final class ReadServers: Sendable {
    /// The replicas, in the order configured.
    public let replicas: [ProductQueries]
    /// The read primary.
    public let primary: ProductQueries
    private let next = Atomic<Int>(0)

    public init(primary: ProductQueries, replicas: [ProductQueries] = []) {
        self.primary = primary
        self.replicas = replicas
    }

    /// The order for one request: the replicas starting at the next in turn, then the primary.
    func order() -> [ProductQueries] {
        guard !replicas.isEmpty else { return [primary] }
        let start = next.add(1, ordering: .relaxed).oldValue % replicas.count
        return Array(replicas[start...] + replicas[..<start]) + [primary]
    }

    /// Runs `read` on the first server of ``order()`` that can answer it. `read` throws
    /// ``ServerUnusable`` to pass to the next; Redis errors pass too. The last
    /// server's failure is thrown.
    func read<T>(_ read: (ProductQueries) async throws -> T) async throws -> T {
        let servers = order()
        for server in servers.dropLast() {
            do {
                return try await read(server)
            } catch is RedisClientError {
                continue
            } catch is RedisServerError {
                continue  // e.g. a replica that is loading its data set
            } catch is ServerUnusable {
                continue
            }
        }
        return try await read(servers[servers.count - 1])
    }
}

/// Thrown by a read to pass the request to the next server (no live generation there,
/// or it does not have the version asked for yet).
struct ServerUnusable: Error, Sendable {
    let problem: QueryProblem
}
