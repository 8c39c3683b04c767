import Foundation
import HummingbirdTesting
import ProductCatalog
import ProductReadModel
import QueryAPI
import RedisClient
import Testing

@Suite("Near cache on a read replica")
struct NearCacheReplicaTests {
    @Test func itReadsTheReplicaSeesReplicatedChangesAndStopsWhileTheReplicaIsOutOfSync() async throws {
        try await QuerySide.with { side in
            try await side.addLamp()
            try await side.project()
            try await side.readServer.withReplica { replica in
                let replicaClient = RedisClient(replica.configuration)
                defer { replicaClient.close() }
                let servers = ReadServers(
                    primary: side.queries, replicas: [ProductQueries(redis: replicaClient, layout: side.projection.layout)],
                    syncCheckInterval: .milliseconds(100))
                try await side.withNearCache(server: replica) { cache in
                    try await side.api(servers: servers, nearCache: cache) { client in
                        let primaryReads = try await commandCalls(side.readStore, "hgetall")
                        let replicaReads = try await commandCalls(replicaClient, "hgetall")
                        #expect(try await client.get("/products/1").object["version"] as? NSNumber == 1)
                        #expect(try await commandCalls(replicaClient, "hgetall") > replicaReads, "the fill read the replica")
                        #expect(try await commandCalls(side.readStore, "hgetall") == primaryReads, "and not the primary")

                        // A change applied on the primary reaches the replica, which invalidates.
                        try await side.handle(.addToInventory(productId: 1, quantity: 4))
                        try await side.project()
                        try await eventually("the replicated change is served") {
                            try await client.get("/products/1").object["version"] as? NSNumber == 2
                        }

                        // The replica loses its primary: it would serve frozen data that no
                        // invalidation could correct, so the cache empties and stops.
                        try await replicaClient.send("REPLICAOF", "127.0.0.1", "1")
                        try await eventually("the out-of-sync replica ends the session") { !cache.isActive }
                        #expect(cache.statistics.entries == 0)
                        try await side.handle(.addToInventory(productId: 1, quantity: 1))
                        try await side.project()
                        try await eventually("reads fall back to the primary meanwhile") {
                            try await client.get("/products/1").object["version"] as? NSNumber == 3
                        }

                        try await replicaClient.send("REPLICAOF", "127.0.0.1", .string(String(side.readServer.port)))
                        try await eventually("in sync again, a new session", timeout: .seconds(15)) { cache.isActive }
                        #expect(try await client.get("/products/1").object["version"] as? NSNumber == 3)
                    }
                }
            }
        }
    }
}
