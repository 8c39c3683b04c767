import LocalRedis
import MetricsTestKit
import RedisClient
import Testing

@Suite("Error and reconnect counters, against a real redis-server")
struct MetricsTests {
    /// `cqrs_redis_errors_total{client="t",kind=...}` so far.
    private func errors(_ metrics: TestMetrics, _ kind: String) throws -> Int64 {
        try metrics.expectCounter("cqrs_redis_errors_total", [("client", "t"), ("kind", kind)]).totalValue
    }

    /// A client whose commands time out after `timeout`: short where a test provokes a
    /// timeout, long where one would only be a loaded machine's flake.
    private func client(_ server: RedisServer, _ metrics: TestMetrics, timeout: Duration = .milliseconds(200)) -> RedisClient {
        var configuration = server.configuration
        configuration.metricsName = "t"
        configuration.poolSize = 1
        configuration.commandTimeout = timeout
        configuration.maximumReconnectDelay = .milliseconds(100)
        return RedisClient(configuration, metricsFactory: metrics)
    }

    @Test func errorRepliesAndTimeoutsAreCountedByKind() async throws {
        try await RedisServer.with { server async throws in
            let metrics = TestMetrics()
            let redis = client(server, metrics)
            defer { redis.close() }
            for kind in ["timeout", "connection", "server", "script", "protocol"] {
                #expect(try errors(metrics, kind) == 0, "\(kind) exists from the start, at 0")
            }
            try await redis.send("SET", "text", "x")
            await #expect(throws: RedisServerError.self) { try await redis.send("LPUSH", "text", "y") }
            let results = try await redis.pipeline([.incr("n"), RedisCommand("LPUSH", ["text", "y"])])
            #expect(results.count == 2)
            #expect(try errors(metrics, "server") == 2, "WRONGTYPE, alone and in a pipeline")
            _ = try await redis.xgroupCreateIfMissing("stream", group: "g")
            _ = try await redis.xgroupCreateIfMissing("stream", group: "g")
            #expect(try errors(metrics, "server") == 2, "BUSYGROUP is an answer, not an error")

            await #expect(throws: RedisServerError.self) {
                try await redis.send("EVAL", "return redis.error_reply('APP_CONFLICT version 3')", "0")
            }
            #expect(try errors(metrics, "script") == 1, "a script's own error reply")
            await #expect(throws: RedisServerError.self) { try await redis.send("FCALL", "no_such_function", "0") }
            #expect(try errors(metrics, "server") == 3, "Redis's own reply to a function call")
            #expect(try errors(metrics, "script") == 1)

            await #expect(throws: RedisClientError.self) { try await redis.send("DEBUG", "SLEEP", "0.6") }
            #expect(try errors(metrics, "timeout") == 1)
            #expect(try errors(metrics, "connection") == 0)
            #expect(try metrics.expectCounter("cqrs_redis_reconnects_total", [("client", "t")]).totalValue == 0)
        }
    }

    @Test func aRestartedServerCountsConnectionErrorsAndOneReconnect() async throws {
        try await RedisServer.with { server async throws in
            let metrics = TestMetrics()
            // A ping that times out is no reconnect, but it fails the test: 200 ms were
            // too short for the first one while a make test ran beside valgrind.
            let redis = client(server, metrics, timeout: .seconds(5))
            defer { redis.close() }
            try await redis.ping()
            let reconnects = try metrics.expectCounter("cqrs_redis_reconnects_total", [("client", "t")])
            #expect(reconnects.totalValue == 0, "the first connection is no reconnect")

            await server.kill()
            await #expect(throws: RedisClientError.self) { try await redis.ping() }
            #expect(try errors(metrics, "connection") >= 1)
            try await server.restart()
            let deadline = ContinuousClock.now + .seconds(10)
            while (try? await redis.ping()) == nil, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            try await redis.ping()
            #expect(reconnects.totalValue == 1)
        }
    }
}
