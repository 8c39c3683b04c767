import Foundation
import HummingbirdTesting
import MetricsEndpoint
import ProductCatalog
import ProjectorRuntime
import QueryAPI
import RedisClient
import Testing

@Suite("Near cache")
struct NearCacheTests {
    private func lamp(_ side: QuerySide) async throws {
        try await side.addLamp()
        try await side.project()
    }

    @Test func servesFromMemoryAndSeesAProjectedChangeRightAfterItsInvalidation() async throws {
        try await QuerySide.with { side in
            try await lamp(side)
            try await side.cachedAPI { client, cache in
                #expect(try await client.get("/products/1").object["version"] as? NSNumber == 1)
                let fcalls = try await commandCalls(side.readStore, "fcall_ro")
                let hgetalls = try await commandCalls(side.readStore, "hgetall")
                for _ in 0..<5 {
                    #expect(try await client.get("/products/1").object["version"] as? NSNumber == 1)
                    #expect(try await client.get("/products/1/inventory").object["currentStock"] as? NSNumber == 0)
                }
                #expect(try await commandCalls(side.readStore, "fcall_ro") == fcalls, "hits touch no Redis")
                #expect(try await commandCalls(side.readStore, "hgetall") == hgetalls)
                #expect(cache.statistics.hits >= 10 && cache.statistics.fills == 1, "\(cache.statistics)")

                let invalidations = cache.statistics.invalidations
                try await side.handle(.addToInventory(productId: 1, quantity: 4))
                try await side.project()
                try await eventually("the invalidation arrives") { cache.statistics.invalidations > invalidations }
                let reply = try await client.get("/products/1")
                #expect(reply.object["version"] as? NSNumber == 2)
                #expect(reply["ETag"] == "\"2\"")
                #expect(try await client.get("/products/1/inventory").object["currentStock"] as? NSNumber == 4)
                #expect(try await client.get("/products/1", headers: [("If-None-Match", "\"2\"")]).status == 304)
            }
        }
    }

    @Test func aDroppedInvalidationConnectionFlushesAndStopsTheCacheUntilItIsBack() async throws {
        try await QuerySide.with { side in
            try await lamp(side)
            try await side.cachedAPI { client, cache in
                _ = try await client.get("/products/1")
                #expect(cache.statistics.entries == 1)
                // Drop only the subscriber; the reader connection stays up.
                try await side.readStore.send("CLIENT", "KILL", "TYPE", "pubsub")
                try await eventually("the cache notices") { cache.statistics.flushes >= 1 }
                #expect(cache.statistics.entries == 0)
                // A change the cache could not be told about while it was down.
                try await side.readStore.send("HSET", "cqrs:rm:g1:product:1", "name", "Changed while down")
                #expect(try await client.get("/products/1").object["name"] as? String == "Changed while down")
                try await eventually("a new session") { cache.isActive && cache.statistics.sessions >= 2 }
                #expect(try await client.get("/products/1").object["name"] as? String == "Changed while down")
                try await side.readStore.send("HSET", "cqrs:rm:g1:product:1", "name", "Changed again")
                try await eventually("the new session's invalidation") {
                    try await client.get("/products/1").object["name"] as? String == "Changed again"
                }
            }
        }
    }

    @Test func theReadStoreGoingAwayEmptiesTheCacheAndItRecovers() async throws {
        try await QuerySide.with { side in
            try await lamp(side)
            try await side.cachedAPI { client, cache in
                _ = try await client.get("/products/1")
                side.readServer.pause()
                try await eventually("the health check ends the session") { !cache.isActive }
                #expect(cache.statistics.entries == 0)
                side.readServer.resume()
                try await eventually("a new session") { cache.isActive }
                #expect(try await client.get("/products/1").status == 200)
            }
        }
    }

    @Test func minVersionNeverGetsAnOlderCachedValueAndWaitsWithoutPolling() async throws {
        try await QuerySide.with { side in
            try await lamp(side)
            try await side.cachedAPI(minVersionTimeout: .milliseconds(600)) { client, cache in
                #expect(try await client.get("/products/1").object["version"] as? NSNumber == 1)
                try await side.handle(.addToInventory(productId: 1, quantity: 2))
                // Version 2 is not projected: the cached version 1 must not answer.
                let reads = try await commandCalls(side.readStore, "hgetall") + commandCalls(side.readStore, "fcall_ro")
                let late = try await client.get("/products/1?minVersion=2")
                late.expectError(503)
                #expect(late.object["currentVersion"] as? NSNumber == 1)
                let readsWhileWaiting = try await commandCalls(side.readStore, "hgetall") + commandCalls(side.readStore, "fcall_ro") - reads
                #expect(readsWhileWaiting <= 6, "a 600 ms wait re-reads only on notification or every 250 ms: \(readsWhileWaiting)")
                #expect(try await client.get("/products/1").object["version"] as? NSNumber == 1, "a plain read may answer the cached version")
            }
            try await side.cachedAPI(minVersionTimeout: .seconds(10)) { client, _ in
                #expect(try await client.get("/products/1").object["version"] as? NSNumber == 1)
                let reply = try await side.projecting { try await client.get("/products/1?minVersion=2") }
                #expect(reply.status == 200 && reply.object["version"] as? NSNumber == 2, "\(reply.text)")
                // A product that does not exist yet: the wait wakes when it is added.
                let added = try await side.projecting {
                    try await withThrowingTaskGroup(of: Reply.self) { group in
                        group.addTask { try await client.get("/products/2?minVersion=1") }
                        try await Task.sleep(for: .milliseconds(100))
                        try await side.handle(.addNewProduct(id: 2, name: "Desk", description: "", unitPrice: try Price(parsing: "2")))
                        return try await group.next()!
                    }
                }
                #expect(added.status == 200 && added.object["name"] as? String == "Desk", "\(added.text)")
            }
        }
    }

    @Test func aRebuildSwitchEmptiesTheCacheAndLaterChangesOfTheNewGenerationInvalidate() async throws {
        try await QuerySide.with { side in
            try await lamp(side)
            try await side.cachedAPI { client, cache in
                _ = try await client.get("/products/1")
                let flushes = cache.statistics.flushes
                var options = RebuildOptions()
                options.deletionDelay = .milliseconds(50)
                _ = try await side.admin.rebuild(options: options)
                try await eventually("the switch's invalidation") { cache.statistics.flushes > flushes }
                #expect(try await client.get("/products/1").object["version"] as? NSNumber == 1)
                #expect(try await side.readStore.send("GET", "cqrs:rm:live").string == "g2")
                try await side.handle(.addToInventory(productId: 1, quantity: 7))
                try await side.project()
                try await eventually("the new generation's change is seen") {
                    try await client.get("/products/1/inventory").object["currentStock"] as? NSNumber == 7
                }
            }
        }
    }
}

@Suite("Near cache metrics")
struct NearCacheMetricsTests {
    @Test func hitsMissesInvalidationsAndTheSessionArePublished() async throws {
        try await QuerySide.with { side in
            try await side.addLamp()
            try await side.project()
            let metrics = QueryMetrics()
            let servers = ReadServers(primary: side.queries, metrics: metrics)
            try await side.withNearCache(metrics: metrics) { cache in
                try await side.api(servers: servers, nearCache: cache) { client in
                    for _ in 0..<3 { #expect(try await client.get("/products/1").status == 200) }
                    try await side.handle(.addToInventory(productId: 1, quantity: 1))
                    try await side.project()
                    @Sendable func value(_ name: String, _ labels: [(String, String)] = []) async throws -> Double? {
                        MetricsSample.value(name, labels, in: try await client.get("/metrics").text)
                    }
                    try await eventually("published") {
                        let hits = try await value("cqrs_near_cache_reads_total", [("result", "hit")])
                        let invalidations = try await value("cqrs_near_cache_invalidations_total") ?? 0
                        return hits == 2 && invalidations >= 1
                    }
                    #expect(try await value("cqrs_near_cache_reads_total", [("result", "miss")]) == 1)
                    #expect(try await value("cqrs_near_cache_fills_total") == 1)
                    #expect(try await value("cqrs_near_cache_sessions_total") == 1)
                    #expect(try await value("cqrs_near_cache_active") == 1)
                    #expect(try await value("cqrs_near_cache_entries") == 0, "the change dropped the product")
                }
            }
        }
    }
}
