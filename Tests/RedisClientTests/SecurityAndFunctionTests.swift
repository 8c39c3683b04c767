import Foundation
import LocalRedis
import RedisClient
import Testing

@Suite("ACL users and Redis Functions against a real redis-server")
struct SecurityAndFunctionTests {
    @Test func authAsAnACLUserAndTheDenialForACommandItLacks() async throws {
        let aclFile = NSTemporaryDirectory() + "cqrs-acl-\(UUID().uuidString).acl"
        try """
        user default off
        user app on >app-secret ~app:* resetchannels -@all +get +set +ping
        """.write(toFile: aclFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: aclFile) }
        try await RedisServer.with(RedisServerOptions(aclFile: aclFile)) { server async throws in
            let client = try RedisClient(url: "redis://app:app-secret@127.0.0.1:\(server.port)")
            defer { client.close() }
            try await client.send("SET", "app:1", "v")
            #expect(try await client.get("app:1") == "v")

            let denied = await #expect(throws: RedisServerError.self) { try await client.send("HSET", "app:2", "f", "v") }
            #expect(denied?.code == "NOPERM")
            let otherKey = await #expect(throws: RedisServerError.self) { try await client.send("SET", "other", "v") }
            #expect(otherKey?.code == "NOPERM")

            let wrong = try RedisClient(url: "redis://app:nope@127.0.0.1:\(server.port)")
            defer { wrong.close() }
            let failed = await #expect(throws: RedisClientError.self) { try await wrong.ping() }
            #expect(failed?.kind == .connectFailed)
            #expect(failed?.message.contains("WRONGPASS") == true)
            #expect(failed?.message.contains("nope") == false, "the password never appears in errors")
        }
    }

    private func library(version: Int64, answer: String) -> RedisFunctionLibrary {
        RedisFunctionLibrary(name: "cqrs_test", versionFunction: "cqrs_test_version", version: version, source: """
        #!lua name=cqrs_test
        redis.register_function{function_name='cqrs_test_version', callback=function() return \(version) end, flags={'no-writes'}}
        redis.register_function('cqrs_test_answer', function(keys, args)
          redis.call('SET', keys[1], args[1])
          return '\(answer)'
        end)
        """)
    }

    @Test func fcallOfALoadedFunctionAndAReload() async throws {
        try await RedisServer.with { server async throws in
            let client = RedisClient(server.configuration)
            defer { client.close() }
            let v1 = library(version: 1, answer: "one")
            #expect(try await v1.loadedVersion(on: client) == nil)
            #expect(try await v1.ensureLoaded(on: client) == .loaded(previousVersion: nil))
            #expect(try await client.fcall("cqrs_test_answer", keys: ["k"], arguments: ["written"]).string == "one")
            #expect(try await client.get("k") == "written")
            #expect(try await v1.ensureLoaded(on: client) == .alreadyCurrent)

            let v2 = library(version: 2, answer: "two")
            #expect(try await v2.ensureLoaded(on: client) == .loaded(previousVersion: 1), "a stale library is detected")
            #expect(try await client.fcall("cqrs_test_answer", keys: ["k"], arguments: ["x"]).string == "two")
        }
    }
}
