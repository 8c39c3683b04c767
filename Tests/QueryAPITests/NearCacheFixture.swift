import HummingbirdTesting
import LocalRedis
import QueryAPI
import RedisClient

extension QuerySide {
    /// A near cache over the read store (or `server`, a replica), running (tracking session
    /// up) while `body` runs.
    func withNearCache<T: Sendable>(
        capacity: Int = 100, metrics: QueryMetrics? = nil, server: RedisServer? = nil,
        _ body: @escaping @Sendable (ProductNearCache) async throws -> T
    ) async throws -> T {
        let cache = ProductNearCache(
            configuration: (server ?? readServer).configuration, layout: projection.layout, capacity: capacity,
            healthCheckInterval: .milliseconds(200), metrics: metrics, logger: Self.logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await cache.run()
                return nil
            }
            defer { group.cancelAll() }
            try await eventually("the near cache starts its tracking session") { cache.isActive }
            return try await body(cache)
        }
    }

    /// Runs `body` against the query API with a running near cache.
    func cachedAPI<T: Sendable>(
        minVersionTimeout: Duration = .seconds(2), _ body: @escaping @Sendable (any TestClientProtocol, ProductNearCache) async throws -> T
    ) async throws -> T {
        try await withNearCache { cache in
            try await api(servers: ReadServers(primary: queries), minVersionTimeout: minVersionTimeout, nearCache: cache) { client in
                try await body(client, cache)
            }
        }
    }
}

/// Waits (at most `timeout`) until `condition` holds.
func eventually(_ what: String, timeout: Duration = .seconds(5), _ condition: @Sendable () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(5))
    }
    throw QueryTestFailure("timed out: \(what)")
}

/// How many times the server ran `command` (INFO commandstats).
func commandCalls(_ redis: RedisClient, _ command: String) async throws -> Int {
    let info = try await redis.send("INFO", "commandstats").string ?? ""
    guard let line = info.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix("cmdstat_\(command):") }),
          let calls = line.split(separator: "=").dropFirst().first?.split(separator: ",").first.flatMap({ Int($0) })
    else { return 0 }
    return calls
}
