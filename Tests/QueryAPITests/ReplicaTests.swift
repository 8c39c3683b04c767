import Foundation
import HummingbirdTesting
import LocalRedis
import ProductCatalog
import ProductReadModel
import QueryAPI
import RedisClient
import Testing

@Suite("Reading from replicas")
struct ReplicaTests {
    private func waitForLive(_ redis: RedisClient, version: Int64) async throws {
        for _ in 0..<500 {
            if let product = try? await ProductQueries(redis: redis).findById(1), product.version >= version { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw QueryTestFailure("the replica did not get version \(version)")
    }

    @Test func readsSpreadSkipUnusableServersAndMinVersionNeedsTheVersion() async throws {
        try await QuerySide.with { side in
            try await side.addLamp()
            try await side.project()
            try await side.readServer.withReplica { replica in
                try await side.readServer.withReplica { staleServer in
                    let replicaClient = RedisClient(replica.configuration)
                    let stale = RedisClient(staleServer.configuration)
                    let empty = try await RedisServer.start(RedisServerOptions(label: "empty"))
                    let emptyClient = RedisClient(empty.configuration)
                    defer {
                        replicaClient.close()
                        stale.close()
                        emptyClient.close()
                    }
                    try await waitForLive(replicaClient, version: 1)
                    try await waitForLive(stale, version: 1)
                    // The stale one stops following: it keeps version 1.
                    try await stale.send("REPLICAOF", "NO", "ONE")
                    try await side.handle(.addToInventory(productId: 1, quantity: 2))
                    try await side.project()
                    try await waitForLive(replicaClient, version: 2)

                    let servers = ReadServers(
                        primary: side.queries,
                        replicas: [emptyClient, replicaClient, stale].map { ProductQueries(redis: $0) })
                    let before = try await commandCalls(replicaClient, "fcall_ro")
                    try await side.api(servers: servers, minVersionTimeout: .milliseconds(500)) { client in
                        for _ in 0..<12 {
                            let reply = try await client.get("/products/1")
                            #expect(reply.status == 200, "the empty server is skipped: \(reply.text)")
                            let fresh = try await client.get("/products/1?minVersion=2")
                            #expect(fresh.status == 200 && fresh.object["version"] as? NSNumber == 2, "never the stale server's version 1")
                            #expect(try await client.get("/products?name=la").ids == [1])
                        }
                    }
                    #expect(try await commandCalls(replicaClient, "fcall_ro") - before >= 8, "reads go to the replicas")

                    await replica.stop()
                    await empty.stop()
                    try await side.api(servers: servers) { client in
                        for _ in 0..<6 {
                            let reply = try await client.get("/products/1?minVersion=2")
                            #expect(reply.status == 200, "a replica down falls back: \(reply.text)")
                        }
                    }
                }
            }
        }
    }

    @Test func aReplicaThatLostItsMasterIsNotRead() async throws {
        try await QuerySide.with { side in
            try await side.addLamp()
            try await side.project()
            // Another master with an old copy of the read models, and a replica of it.
            let oldMaster = try await RedisServer.start(RedisServerOptions(label: "old-master"))
            let old = RedisClient(oldMaster.configuration)
            defer { old.close() }
            try await ProductReadModelLibrary.library.load(on: old)
            try await old.send("SET", "cqrs:rm:live", "g1")
            try await old.send(
                "HSET", "cqrs:rm:g1:product:1", "id", "1", "name", "Stale", "description", "", "unitPrice", "1", "currentStock", "0",
                "isOutOfStock", "true", "ratingSum", "0", "ratingCount", "0", "userRating", "0.00", "version", "1")
            try await oldMaster.withReplica { replica in
                let replicaClient = RedisClient(replica.configuration)
                defer { replicaClient.close() }
                try await waitForLive(replicaClient, version: 1)
                let servers = ReadServers(primary: side.queries, replicas: [ProductQueries(redis: replicaClient)], syncCheckInterval: .milliseconds(50))
                try await side.api(servers: servers) { client in
                    let reply = try await client.get("/products/1")
                    #expect(reply.object["name"] as? String == "Stale", "an in-sync replica answers")
                }
                await oldMaster.stop()
                try await Task.sleep(for: .milliseconds(100))
                try await side.api(servers: servers) { client in
                    for _ in 0..<5 {
                        let reply = try await client.get("/products/1")
                        #expect(reply.object["name"] as? String == "Lamp", "the primary answers")
                    }
                }
            }
        }
    }
}
