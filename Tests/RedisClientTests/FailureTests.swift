import LocalRedis
import RedisClient
import Testing

@Suite("Timeouts, crashes and reconnects against a real redis-server")
struct FailureTests {
    @Test func commandTimeoutAgainstAServerInDebugSleep() async throws {
        try await withOneConnection(commandTimeout: .milliseconds(200)) { connection in
            let clock = ContinuousClock()
            let started = clock.now
            let error = await #expect(throws: RedisClientError.self) {
                try await connection.send(RedisCommand("DEBUG", ["SLEEP", "1"]))
            }
            #expect(error?.kind == .timeout)
            #expect(error?.outcomeUnknown == true)
            #expect(clock.now - started < .milliseconds(900), "the timeout fired before the server woke up")
            // The late reply to DEBUG SLEEP is consumed, not handed to the next caller.
            let echo = try await connection.send(RedisCommand("ECHO", ["after"]), timeout: .seconds(5))
            #expect(echo.string == "after")
        }
    }

    @Test func aCommandQueuedBehindOneThatDoesNotComeBackStillTimesOut() async throws {
        try await withOneConnection(commandTimeout: .milliseconds(200)) { connection in
            // Submitted while DEBUG SLEEP's reply is outstanding, ECHO waits in the
            // connection's queue for that reply; the handler's tick sends it instead.
            let sleeper = Task { try await connection.send(RedisCommand("DEBUG", ["SLEEP", "1"]), timeout: .seconds(5)) }
            try await Task.sleep(for: .milliseconds(50))
            let clock = ContinuousClock()
            let started = clock.now
            let error = await #expect(throws: RedisClientError.self) {
                try await connection.send(RedisCommand("ECHO", ["queued"]))
            }
            #expect(error?.kind == .timeout)
            #expect(clock.now - started < .milliseconds(700), "timed out before the server woke up")
            #expect(try await sleeper.value.string == "OK")
        }
    }

    @Test func killedServerFailsCallsThenTheClientReconnects() async throws {
        try await RedisServer.with(RedisServerOptions(appendOnly: true, appendFsync: "always")) { server async throws in
            var config = server.configuration
            config.commandTimeout = .seconds(2)
            config.maximumReconnectDelay = .milliseconds(200)
            let client = RedisClient(config)
            defer { client.close() }
            try await client.ping()

            // Load from 20 tasks; kill -9 the server in the middle of it.
            let outcomes = try await withThrowingTaskGroup(of: (ok: Int, failed: Int, unclear: Int).self) { group in
                for worker in 0..<20 {
                    group.addTask {
                        var tally = (ok: 0, failed: 0, unclear: 0)
                        for step in 0..<400 {
                            do {
                                _ = try await client.send(.incr("load:\(worker)"))
                                tally.ok += 1
                            } catch let error as RedisClientError {
                                if [.connectionClosed, .notConnected, .connectFailed].contains(error.kind) { tally.failed += 1 }
                                else { tally.unclear += 1 }
                                try await Task.sleep(for: .milliseconds(5))
                            }
                            if step == 50, worker == 0 { await server.kill() }
                        }
                        return tally
                    }
                }
                return try await group.reduce(into: (ok: 0, failed: 0, unclear: 0)) {
                    $0.ok += $1.ok; $0.failed += $1.failed; $0.unclear += $1.unclear
                }
            }
            #expect(outcomes.failed > 0, "calls after the kill fail with a connection error")
            #expect(outcomes.unclear == 0, "every failure is a connection error, none hangs into a timeout")

            try await server.restart()
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(10)
            var recovered = false
            while clock.now < deadline, !recovered {
                recovered = (try? await client.ping()) != nil
                if !recovered { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(recovered, "the client reconnects by itself once the server is back")
        }
    }

    @Test func unreachableServerFailsFastWithAClearError() async throws {
        var config = RedisConfiguration(host: "127.0.0.1", port: 1)
        config.connectTimeout = .milliseconds(300)
        let client = RedisClient(config)
        defer { client.close() }
        let error = await #expect(throws: RedisClientError.self) { try await client.ping() }
        #expect(error?.kind == .connectFailed)
        #expect(error?.message.contains("127.0.0.1:1") == true)
        #expect(error?.outcomeUnknown == false)
    }

    @Test func blockingCommandsAreRefusedOnThePoolAndRunOnADedicatedConnection() async throws {
        try await RedisServer.with { server async throws in
            let client = RedisClient(server.configuration)
            defer { client.close() }
            try await client.xgroupCreateIfMissing("s", group: "g")
            let refused = await #expect(throws: RedisClientError.self) {
                try await client.xreadgroup(group: "g", consumer: "c", streams: [("s", ">")], block: .milliseconds(100))
            }
            #expect(refused?.kind == .invalidConfiguration)

            let blocking = client.dedicatedConnection(commandTimeout: .milliseconds(300))
            defer { blocking.close() }
            // Blocking longer than the command timeout is not a timeout.
            let empty = try await blocking.xreadgroup(group: "g", consumer: "c", streams: [("s", ">")], block: .milliseconds(600))
            #expect(empty.isEmpty)
            try await client.xadd("s", fields: [("f", "v")])
            let read = try await blocking.xreadgroup(group: "g", consumer: "c", streams: [("s", ">")], block: .milliseconds(600))
            #expect(read["s"]?.first?["f"] == "v")
        }
    }
}
