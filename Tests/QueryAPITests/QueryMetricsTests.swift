import Foundation
import LocalRedis
import MetricsEndpoint
import ProductCatalog
import ProductReadModel
import QueryAPI
import RedisClient
import Testing

@Suite("Query metrics at /metrics: durations by route, replica fallbacks")
struct QueryMetricsTests {
    static func duration(_ text: String, _ route: String, _ status: Int) -> Double? {
        MetricsSample.value("cqrs_query_duration_seconds_count", [("route", route), ("status", String(status))], in: text)
    }

    static func fallbacks(_ metrics: QueryMetrics, _ reason: String) -> Double? {
        MetricsSample.value("cqrs_replica_fallbacks_total", [("reason", reason)], in: metrics.registry.emitToString())
    }

    @Test func durationsAreRecordedByRouteTemplateAndStatus() async throws {
        try await QuerySide.with { side in
            try await side.addLamp()
            try await side.project()
            try await side.api { client in
                #expect(try await client.get("/products/1").status == 200)
                #expect(try await client.get("/products/1").status == 200)
                try await client.get("/products/2").expectError(404)
                try await client.get("/products/x").expectError(400)
                #expect(try await client.get("/products/1/inventory").status == 200)
                try await client.get("/nothing/here").expectError(404)
                let metrics = try await client.get("/metrics")
                #expect(metrics.status == 200)
                #expect(metrics["Content-Type"]?.hasPrefix("text/plain") == true)
                let text = metrics.text
                #expect(Self.duration(text, "/products/{id}", 200) == 2, "\(text)")
                #expect(Self.duration(text, "/products/{id}", 404) == 1)
                #expect(Self.duration(text, "/products/{id}", 400) == 1)
                #expect(Self.duration(text, "/products/{id}/inventory", 200) == 1)
                #expect(Self.duration(text, "unmatched", 404) == 1)
                #expect(!text.contains(#"route="/products/1""#) && !text.contains("/nothing"), "never a raw path")
                for reason in ["not_synced", "down", "no_live_generation", "below_min_version"] {
                    #expect(MetricsSample.value("cqrs_replica_fallbacks_total", [("reason", reason)], in: text) == 0, "\(reason) at 0")
                }
            }
        }
    }

    @Test func readsThatPassOverAReplicaAreCountedByReason() async throws {
        try await QuerySide.with { side in
            try await side.addLamp()
            try await side.project()
            try await side.readServer.withReplica { replica in
                let replicaClient = RedisClient(replica.configuration)
                defer { replicaClient.close() }
                let replicaQueries = ProductQueries(redis: replicaClient, layout: side.projection.layout)
                for _ in 0..<500 where (try? await replicaQueries.findById(1)) == nil {
                    try await Task.sleep(for: .milliseconds(10))
                }
                // The replica stops following: it keeps version 1 while the primary gets version 2.
                try await replicaClient.send("REPLICAOF", "NO", "ONE")
                try await side.handle(.addToInventory(productId: 1, quantity: 2))
                try await side.project()

                let metrics = QueryMetrics()
                let trusting = ReadServers(primary: side.queries, replicas: [replicaQueries], syncCheckInterval: .seconds(600), metrics: metrics)
                try await side.api(servers: trusting) { client in
                    let plain = try await client.get("/products/1")
                    #expect(plain.object["version"] as? NSNumber == 1, "the replica answers: \(plain.text)")
                    #expect(Self.fallbacks(metrics, "below_min_version") == 0)
                    let fresh = try await client.get("/products/1?minVersion=2")
                    #expect(fresh.object["version"] as? NSNumber == 2, "the primary answers: \(fresh.text)")
                    #expect(Self.fallbacks(metrics, "below_min_version") == 1)
                }
                #expect(Self.fallbacks(metrics, "down") == 0)
                await replica.stop()
                try await side.api(servers: trusting) { client in
                    let reply = try await client.get("/products/1")
                    #expect(reply.status == 200, "the primary answers: \(reply.text)")
                }
                #expect(Self.fallbacks(metrics, "down") == 1, "the stopped replica failed the read")

                #expect(Self.fallbacks(metrics, "not_synced") == 0)
                let checking = ReadServers(primary: side.queries, replicas: [replicaQueries], syncCheckInterval: .zero, metrics: metrics)
                try await side.api(servers: checking) { client in
                    let reply = try await client.get("/products/1")
                    #expect(reply.status == 200, "the primary answers: \(reply.text)")
                }
                #expect(Self.fallbacks(metrics, "not_synced") == 1, "the replica's sync check failed: it was skipped")
                #expect(Self.fallbacks(metrics, "down") == 1)
            }
        }
    }
}
