import RedisClient

/// A redis-server's CPU time (`INFO cpu`: user + system, all threads), to report
/// its share of one core over a measurement.
struct ServerCPU {
    let redis: RedisClient

    /// Seconds of CPU the server has used since it started.
    func seconds() async throws -> Double {
        let info = try await redis.info("cpu")
        return ["used_cpu_user", "used_cpu_sys"].reduce(0) { $0 + (info[$1].flatMap(Double.init) ?? 0) }
    }

    /// Runs `body` and returns its result with the server's CPU share over it
    /// (1.0: one core busy all the time).
    func share<T>(during body: () async throws -> T) async throws -> (result: T, share: Double) {
        let clock = ContinuousClock()
        let before = try await seconds()
        let started = clock.now
        let result = try await body()
        let elapsed = (clock.now - started).secondsValue
        let used = try await seconds() - before
        return (result, elapsed > 0 ? used / elapsed : 0)
    }
}
