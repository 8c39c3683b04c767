import CommandAPI
import EventSourcing
import EventStore
import Foundation
import HummingbirdTesting
import LocalRedis
import ProductCatalog
import RedisClient
import Synchronization
import Testing

@Suite("Acknowledged commands survive kill -9 of redis-server (appendfsync always)")
struct CrashDurabilityTests {
    /// A 2xx answer: which product, which command, which version.
    struct Acknowledged: Sendable {
        let product: Int64
        let key: UUID
        let version: Int64
    }

    static let products: [Int64] = Array(1...8)

    /// Shared between the load and the killer.
    final class Load: Sendable {
        let stop = Atomic(false)
        let successes = Atomic(0)
        let failures = Atomic(0)
    }

    @Test func everyAcknowledgedCommandHasItsEventsAfterRestart() async throws {
        try await RedisAPIFixture.with(RedisServerOptions(appendOnly: true, appendFsync: "always", label: "crash")) { fixture in
            let acknowledged = try await fixture.live(fixture.service()) { client in
                for id in Self.products { try await client.createProduct(id) }
                let port = try #require(client.port)
                let load = Load()
                return try await withThrowingTaskGroup(of: [Acknowledged].self) { group in
                    group.addTask {
                        // Let the load run, kill the server mid-flight, and let clients see failures.
                        while load.successes.load(ordering: .relaxed) < 400 { try await Task.sleep(for: .milliseconds(5)) }
                        await fixture.server.kill()
                        let failuresAtKill = load.failures.load(ordering: .relaxed)
                        while load.failures.load(ordering: .relaxed) < failuresAtKill + 50 { try await Task.sleep(for: .milliseconds(5)) }
                        load.stop.store(true, ordering: .relaxed)
                        return []
                    }
                    group.addTask {
                        try await RedisAPIFixture.clients(16, ports: [port]) { index, connection in
                            var acknowledged: [Acknowledged] = []
                            var request = 0
                            while !load.stop.load(ordering: .relaxed) {
                                let product = Self.products[(index + request) % Self.products.count]
                                let key = UUID()
                                request += 1
                                let reply = try await connection.send(
                                    .post, "/products/\(product)/inventory", #"{"quantity":1}"#, headers: [("Idempotency-Key", key.uuidString)])
                                if reply.status == 200, let version = reply.version {
                                    acknowledged.append(Acknowledged(product: product, key: key, version: version))
                                    load.successes.add(1, ordering: .relaxed)
                                } else {
                                    #expect(reply.status == 503, "\(reply.text)")
                                    load.failures.add(1, ordering: .relaxed)
                                }
                            }
                            return acknowledged
                        }.flatMap { $0 }
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
            }
            #expect(acknowledged.count >= 400)

            try await fixture.server.restart()
            let redis = RedisClient(fixture.server.configuration)
            defer { redis.close() }
            let store = try await RedisEventStore.open(redis: redis, expectedPartitions: 4)

            // Every entry of every partition log is a whole event; count them per product.
            var logged: [String: Int64] = [:]
            for log in store.keys.logs {
                for entry in try await redis.xrange(log) {
                    let envelope = try RedisEventStore.envelope(entry)
                    logged["\(envelope.aggregateType):\(envelope.aggregateId)", default: 0] += 1
                }
            }
            for product in Self.products {
                let aggregate = "Product:\(product)"
                let stored = try await store.load(aggregateType: "Product", aggregateId: String(product), commandId: nil)
                let events = try await store.readEvents(aggregateType: "Product", aggregateId: String(product), from: 1, to: stored.version)
                #expect(events.map(\.version) == Array(1...stored.version), "\(aggregate): versions 1...n, no gap")
                #expect(logged[aggregate] == stored.version, "\(aggregate): the log holds exactly its indexed events")
                let indexLength = try await redis.send("LLEN", .string(store.keys.index(store.keys.partition(of: aggregate), aggregate: aggregate))).int
                #expect(indexLength == stored.version + 1, "\(aggregate): index = version + one id per event")
                let state = Product.fold(try events.map(Product.event(from:)))
                #expect(state.stock == stored.version - 1, "every event after the first added one item")

                let commands = Set(events.map(\.commandId))
                for ack in acknowledged where ack.product == product {
                    #expect(commands.contains(ack.key), "acknowledged command \(ack.key) on \(aggregate) (version \(ack.version)) is lost")
                    #expect(ack.version <= stored.version)
                }
            }
        }
    }
}
