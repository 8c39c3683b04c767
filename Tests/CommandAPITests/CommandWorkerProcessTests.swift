import CommandQueue
import Foundation
import HummingbirdTesting
import LocalRedis
import MetricsEndpoint
import Testing

@Suite("cqrs command-worker --metrics-port: the real executable")
struct CommandWorkerProcessTests {
    @Test func theWorkerServesCommandAndRedisMetrics() async throws {
        try await RedisAPIFixture.with { fixture in
            let port = try await Self.freePort()
            let log = NSTemporaryDirectory() + "cqrs-worker-\(UUID().uuidString).log"
            defer { try? FileManager.default.removeItem(atPath: log) }
            let worker = try ChildProcess.spawn(
                try ChildProcess.builtProduct("cqrs"), ["command-worker", "--metrics-port", String(port)],
                environment: [
                    "CQRS_WRITE_URL": "redis://127.0.0.1:\(fixture.server.port)", "CQRS_WORKER_NAME": "w1", "CQRS_LOG_LEVEL": "notice", "CQRS_IDEMPOTENCY_TTL": "120", "CQRS_RESULT_TTL": "300",
                    "CQRS_METRICS_HOST": "127.0.0.2",  // another loopback address: the setting is read
                ],
                outputPath: log)
            do {
                try await Self.expectMetrics(fixture, port: port, log: log)
                try await Self.expectRefusalLogged(fixture, log: log)
            } catch {
                await worker.stop()
                throw error
            }
            await worker.stop()
        }
    }

    private static func expectMetrics(_ fixture: RedisAPIFixture, port: Int, log: String) async throws {
        let queue = CommandQueueClient(redis: fixture.redis)
        let id = UUID()
        try await queue.submit(.addNewProduct, body: ["id": 3, "name": "Nut", "description": "", "unitPrice": "1"], commandId: id)
        let result = try await queue.waitForResult(id.uuidString, timeout: .seconds(30))
        #expect(result?.status == 201, "\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        // CQRS_IDEMPOTENCY_TTL: the command's record lives 120 s, not a day
        var ttls: [Int64] = []
        try await fixture.redis.scanAll(match: "*:cmd:\(id.uuidString.lowercased())") { keys in
            for key in keys { ttls.append(try await fixture.redis.send("TTL", .string(key)).int ?? -3) }
        }
        #expect(ttls.count == 1 && ttls.allSatisfy { (100...120).contains($0) }, "\(ttls)")
        // CQRS_RESULT_TTL: its result stays 300 s
        let resultTTL = try await fixture.redis.send("TTL", .string("cqrs:command-result:\(id.uuidString.lowercased())")).int
        #expect(resultTTL.map { (280...300).contains($0) } == true, "\(String(describing: resultTTL))")

        let reply = try await TestClient.withClient(host: "127.0.0.2", port: port) { client in
            try await client.send(.get, "/metrics", "")
        }
        #expect(reply.status == 200)
        #expect(reply["Content-Type"]?.hasPrefix("text/plain") == true)
        let text = reply.text
        let created = [("command", "AddNewProduct"), ("outcome", "accepted")]
        #expect(MetricsSample.value("cqrs_command_duration_seconds_count", created, in: text) == 1, "\(text)")
        #expect(MetricsSample.value("cqrs_events_appended_total", [("command", "AddNewProduct")], in: text) == 1)
        #expect(MetricsSample.value("cqrs_redis_errors_total", [("client", "write"), ("kind", "timeout")], in: text) == 0)
        #expect(MetricsSample.value("cqrs_redis_reconnects_total", [("client", "write")], in: text) == 0)
    }

    /// A refused command is one `notice` line on stderr, with its metadata
    /// (StderrLogHandler: the format of swift-log's StreamLogHandler).
    private static func expectRefusalLogged(_ fixture: RedisAPIFixture, log: String) async throws {
        let id = UUID()
        try await CommandQueueClient(redis: fixture.redis).submit(
            .addNewProduct, body: ["id": 4, "name": "Bolt", "description": "", "unitPrice": "0"], commandId: id)
        let result = try await CommandQueueClient(redis: fixture.redis).waitForResult(id.uuidString, timeout: .seconds(30))
        #expect(result?.status == 422)
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        let refusals = lines.filter { $0.contains("command failed") }
        #expect(refusals.count == 1, "\(lines)")
        let line = refusals.first.map(String.init) ?? ""
        #expect(line.contains(" notice cqrs."), "\(line)")
        #expect(line.contains("command=AddNewProduct commandId=\(id.uuidString.lowercased()) field=unitPrice status=422 transport=queue [CommandAPI] command failed: "), "\(line)")
    }

    /// A loopback port nobody listens on: a redis-server's, after it stopped.
    static func freePort() async throws -> Int {
        let server = try await RedisServer.start()
        let port = server.port
        await server.stop()
        return port
    }
}
