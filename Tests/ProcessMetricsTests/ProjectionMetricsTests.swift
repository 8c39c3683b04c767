import EventSourcing
import EventStore
import Foundation
import LocalRedis
import ProcessMetrics
import ProductCatalog
import ProductReadModel
import Prometheus
import ProjectorRuntime
import RedisClient
import Testing

@Suite("Projection lag as Prometheus metrics, against a real redis-server")
struct ProjectionMetricsTests {
    @Test func lagDeadLettersAndAppliedEventsAreExported() async throws {
        try await RedisServer.with { server async throws in
            let redis = RedisClient(server.configuration)
            defer { redis.close() }
            try await RedisEventStore.initialize(redis: redis, partitions: 2)
            let handler = CommandHandler<Product>(store: try await RedisEventStore.open(redis: redis))
            for id in 1...5 {
                _ = try await handler.handle(.addNewProduct(id: Int64(id), name: "P\(id)", description: "", unitPrice: try Price(parsing: "1")), metadata: CommandMetadata(commandId: UUID()))
            }
            let admin = ProjectionAdmin(projection: ProductProjection(), writeStore: redis, readStore: redis)
            let registry = PrometheusCollectorRegistry()
            var exported = ProjectorStatistics()

            // Before any projector ran: all 5 events are behind.
            let projector = Projector(projection: ProductProjection(), writeStore: redis, readStore: redis, configuration: ProjectorConfiguration(consumer: "m1"), logger: .init(label: "test"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await projector.run() }
                let deadline = ContinuousClock.now + .seconds(10)
                while projector.statistics.applied < 5, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
                let withProjector = ProjectionMetrics(admin: admin, registry: registry, projector: projector, logger: .init(label: "test"))
                try await withProjector.sample(exported: &exported)
                group.cancelAll()
            }
            let text = registry.emitToString()
            #expect(text.contains(#"cqrs_events_applied_total{projection="products",consumer="m1"} 5"#), "\(text)")
            #expect(text.contains(#"cqrs_dead_letters{projection="products"} 0"#))
            let behind = text.split(separator: "\n").filter { $0.hasPrefix("cqrs_projection_lag_events{") }
            #expect(behind.count == 2, "one series per partition")
            #expect(behind.allSatisfy { $0.hasSuffix(" 0.0") }, "caught up: \(behind)")
        }
    }
}
