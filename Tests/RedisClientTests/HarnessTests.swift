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
            try await writer.send("SET", "k", "v")
            _ = try await writer.send("WAIT", "1", "2000")
            #expect(try await reader.get("k") == "v")
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
