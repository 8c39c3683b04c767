import LocalRedis
import RedisClient
import Testing

@Suite("Automatic and explicit pipelining against a real redis-server")
struct PipelineTests {
    @Test func thousandConcurrentTasksOnOneConnectionEachGetTheirOwnReply() async throws {
        try await withOneConnection { connection in
            let mismatches = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<1000 {
                    group.addTask {
                        let reply = try await connection.send(RedisCommand("ECHO", [.string("task-\(index)")]))
                        return reply.string == "task-\(index)"
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 0 : 1) }
            }
            #expect(mismatches == 0)
        }
    }

    @Test func aCommandAfterAnEmptyPipelineGoesOutAtOnce() async throws {
        // The handler's tick: every 100 ms with this timeout.
        try await withOneConnection(commandTimeout: .seconds(60)) { connection in
            let clock = ContinuousClock()
            func timedPing() async throws -> Duration {
                let started = clock.now
                #expect(try await connection.send(RedisCommand("PING")) == .simpleString("PONG"))
                return clock.now - started
            }
            // An empty pipeline awaits no reply, so the PING after it must not wait in the
            // queue for one, until the next tick: each would take about 100 ms more than a
            // PING alone then. The pauses let the event loop settle between the steps, so
            // no drain is still pending to carry the PING. Medians of ten pairs, as the rest
            // of the suite loads the machine meanwhile and slows both alike.
            var alone: [Duration] = []
            var afterEmpty: [Duration] = []
            for _ in 1...10 {
                alone.append(try await timedPing())
                try await Task.sleep(for: .milliseconds(5))
                #expect(try await connection.pipeline([]).isEmpty)
                try await Task.sleep(for: .milliseconds(5))
                afterEmpty.append(try await timedPing())
            }
            #expect(afterEmpty.sorted()[5] < alone.sorted()[5] + .milliseconds(50), "alone \(alone), after an empty pipeline \(afterEmpty)")
        }
    }

    @Test func tenThousandCommandExplicitPipeline() async throws {
        try await RedisServer.with { server async throws in
            let client = RedisClient(server.configuration)
            defer { client.close() }
            let commands = (0..<10_000).map { _ in RedisCommand.incr("counter") }
            let results = try await client.pipeline(commands)
            #expect(results.count == 10_000)
            let values = try results.map { try $0.get().int }
            #expect(values == (1...10_000).map { Int64($0) })
            #expect(try await client.get("counter") == "10000")
        }
    }

    @Test func pipelineKeepsServerErrorsPerCommand() async throws {
        try await RedisServer.with { server async throws in
            let client = RedisClient(server.configuration)
            defer { client.close() }
            let results = try await client.pipeline([
                .set("text", "abc"), .incr("text"), .get("text"),
            ])
            #expect(try results[0].get() == .simpleString("OK"))
            #expect(throws: RedisServerError.self) { try results[1].get() }
            #expect(try results[2].get().string == "abc")
        }
    }

    @Test func multiExecTransaction() async throws {
        try await RedisServer.with { server async throws in
            let client = RedisClient(server.configuration)
            defer { client.close() }
            let results = try await client.transaction([.incr("a"), .incr("a"), .set("text", "x"), .incr("text")])
            #expect(try results[0].get() == .integer(1))
            #expect(try results[1].get() == .integer(2))
            #expect(throws: RedisServerError.self) { try results[3].get() }
            // A command rejected while queueing aborts everything; the error names that cause.
            let error = await #expect(throws: RedisServerError.self) {
                try await client.transaction([.incr("a"), RedisCommand("INCR", ["a", "extra", "args"])])
            }
            #expect(error?.message.contains("wrong number of arguments") == true)
            #expect(try await client.get("a") == "2")
        }
    }

    @Test func serverErrorsAreTypedAndNamed() async throws {
        try await RedisServer.with { server async throws in
            let client = RedisClient(server.configuration)
            defer { client.close() }
            try await client.send("SET", "k", "v")
            let error = await #expect(throws: RedisServerError.self) { try await client.send("LPUSH", "k", "x") }
            #expect(error?.code == "WRONGTYPE")
        }
    }
}
