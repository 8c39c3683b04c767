import LocalRedis
import RedisClient
import Testing

@Suite("The local redis-server harness: replicas, AOF, kill -9 and restart")
struct HarnessTests {
    @Test func replicaFollowsItsPrimary() async throws {
        try await RedisServer.with { primary async throws in
            try await primary.withReplica { replica async throws in
            let writer = RedisClient(primary.configuration)
            let reader = RedisClient(replica.configuration)
            defer { writer.close(); reader.close() }
            // WAIT counts the writes of its own connection: one pipeline keeps both on one.
            let replies = try await writer.pipeline([.set("k", "v"), RedisCommand("WAIT", ["1", "2000"])])
            let acknowledged = try replies[1].get()
            let replication = try await reader.info("replication")
            #expect(acknowledged == .integer(1), "replica state: \(replication)")
            #expect(try await reader.get("k") == "v", "primary \(primary.port), replica \(replica.port): \(replication)")
            #expect(try await reader.info("replication")["role"] == "slave")
            }
        }
    }

    @Test func aofDataSurvivesKillAndRestartOnTheSameDir() async throws {
        try await RedisServer.with(RedisServerOptions(appendOnly: true, appendFsync: "always")) { server async throws in
            let client = RedisClient(server.configuration)
            defer { client.close() }
            for index in 1...100 { try await client.send("RPUSH", "list", .integer(Int64(index))) }
            let pid = server.pid
            await server.kill()
            #expect(server.pid == nil)
            try await server.restart()
            #expect(server.pid != pid)
            let check = RedisClient(server.configuration)
            defer { check.close() }
            #expect(try await check.send("LLEN", "list").int == 100)
        }
    }
}
