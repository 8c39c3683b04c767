import EventSourcing
import EventStore
import Foundation
import LocalRedis
import ProductCatalog
import RedisClient

/// The write store's benchmark: append throughput through the library against
/// redis-benchmark running the same Function, and memory per event and per aggregate.
public struct WriteStoreBenchmark: Sendable {
    /// Appends per throughput measurement.
    public var appends: Int
    /// Concurrent writers, each on its own aggregate.
    public var writers: Int
    /// Products in the memory measurement (each gets 1, then 10 events).
    public var products: Int
    public var rounds: Int

    public init(appends: Int = 100_000, writers: Int = 64, products: Int = 100_000, rounds: Int = 2) {
        self.appends = appends
        self.writers = writers
        self.products = products
        self.rounds = rounds
    }

    /// Results of the memory measurement.
    public struct Memory: Sendable, Codable {
        public let products: Int
        public let eventsPerProduct: Int
        /// Bytes each further event adds (log entry, index entry), payload included.
        public let bytesPerEvent: Double
        /// The average JSON payload (`data`) of those events.
        public let payloadBytesPerEvent: Double
        /// What an aggregate costs beyond its events (index list, its key).
        public let bytesPerAggregate: Double
        /// What a command's idempotency record costs until its TTL expires.
        public let bytesPerCommandRecord: Double
        public var overheadPerEvent: Double { bytesPerEvent - payloadBytesPerEvent }
    }

    public func throughput(progress: @Sendable (String) -> Void) async throws -> BenchmarkRow {
        try await RedisServer.with(RedisServerOptions(appendOnly: true, appendFsync: "everysec", label: "bench-write")) { server in
            var configuration = server.configuration
            configuration.commandTimeout = .seconds(30)
            let redis = RedisClient(configuration)
            defer { redis.close() }
            try await RedisEventStore.initialize(redis: redis, partitions: 16)
            let store = try await RedisEventStore.open(redis: redis)
            let tool = RedisBenchmarkTool(port: server.port)
            var best = (ours: 0.0, reference: 0.0)
            for round in 1...max(1, rounds) {
                progress("append round \(round): redis-benchmark -c 50 -P 16 FCALL cqrs_append, then \(writers) writers through RedisEventStore")
                best.reference = max(best.reference, try await tool.requestsPerSecond(referenceCommand(), clients: 50, pipeline: 16, requests: appends, randomKeyspace: 100_000_000))
                best.ours = max(best.ours, try await appendThroughput(store, round: round))
            }
            return BenchmarkRow(
                name: "append, \(writers) writers on distinct aggregates, 1 event per command", ours: best.ours,
                reference: best.reference, referenceName: "redis-benchmark -c 50 -P 16, FCALL cqrs_append", goal: 0.6, unit: "appends/s"
            )
        }
    }

    /// The same Function call with a fresh command key per request (`__rand_int__`).
    private func referenceCommand() -> [String] {
        let payload = String(decoding: (try? ProductEvent.productRated(productId: 1, userId: 1, rating: 5, previousRating: 4).encodedPayload()) ?? [], as: UTF8.self)
        return [
            "FCALL", "cqrs_append", "3", "cqrs:{p0}:log", "cqrs:{p0}:idx:Product:bench", "cqrs:{p0}:cmd:__rand_int__",
            "Product:bench", "any", "86400", "1",
            "0", "ProductRated", "2", "", UUID().uuidString.lowercased(), "", "", payload,
        ]
    }

    private func appendThroughput(_ store: RedisEventStore, round: Int) async throws -> Double {
        let perWriter = appends / writers
        let clock = ContinuousClock()
        let started = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    let id = String(round * 1_000_000 + writer)
                    var version: Int64 = 0
                    for sequence in 0..<perWriter {
                        let event = ProductEvent.productRated(productId: Int64(writer), userId: Int64(sequence), rating: 5, previousRating: nil)
                        let envelopes = try Product.envelopes(
                            for: [event], aggregateId: id, currentVersion: version,
                            metadata: CommandMetadata(commandId: UUID()), timestamp: Date()
                        )
                        version = try await store.append(envelopes, expected: version == 0 ? .noStream : .exact(version)).version
                    }
                }
            }
            try await group.waitForAll()
        }
        return Double(perWriter * writers) / (clock.now - started).seconds
    }

    public func memory(progress: @Sendable (String) -> Void) async throws -> Memory {
        try await RedisServer.with(RedisServerOptions(label: "bench-memory")) { server in
            var configuration = server.configuration
            configuration.commandTimeout = .seconds(30)
            let redis = RedisClient(configuration)
            defer { redis.close() }
            try await RedisEventStore.initialize(redis: redis, partitions: 16)
            let store = try await RedisEventStore.open(redis: redis, commandTTL: .seconds(3600))
            let base = try await usedMemory(redis)

            progress("memory: \(products) products, first event each")
            let firstPayload = try await appendToAll(store, events: 1, after: 0)
            let withRecords = try await usedMemory(redis)
            try await deleteCommandRecords(redis)
            let oneEach = try await usedMemory(redis)

            progress("memory: \(products) products, 9 more events each")
            let payload = try await appendToAll(store, events: 9, after: 1)
            try await deleteCommandRecords(redis)
            let tenEach = try await usedMemory(redis)

            let perEvent = Double(tenEach - oneEach) / Double(products * 9)
            let payloadPerEvent = Double(payload) / Double(products * 9)
            // The first event's own cost (its payload plus the same per-event overhead)
            // is not the aggregate's.
            let firstEvent = Double(firstPayload) / Double(products) + (perEvent - payloadPerEvent)
            return Memory(
                products: products, eventsPerProduct: 10, bytesPerEvent: perEvent,
                payloadBytesPerEvent: payloadPerEvent,
                bytesPerAggregate: Double(oneEach - base) / Double(products) - firstEvent,
                bytesPerCommandRecord: Double(withRecords - oneEach) / Double(products)
            )
        }
    }

    /// Appends `events` single-event commands to every product, 64 products at a
    /// time; returns the payload bytes written.
    private func appendToAll(_ store: RedisEventStore, events: Int, after start: Int64) async throws -> Int {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for writer in 0..<64 {
                group.addTask {
                    var payloadBytes = 0
                    for product in stride(from: writer, to: products, by: 64) {
                        var version = start
                        for step in 0..<events {
                            let event: ProductEvent = version == 0
                                ? .productAdded(id: Int64(product), name: "Product \(product)", description: "A product of the benchmark catalogue", unitPrice: try Price(parsing: "19.99"))
                                : .productRated(productId: Int64(product), userId: Int64(step), rating: 4, previousRating: nil)
                            let envelopes = try Product.envelopes(
                                for: [event], aggregateId: String(product), currentVersion: version,
                                metadata: CommandMetadata(commandId: UUID()), timestamp: Date()
                            )
                            payloadBytes += envelopes[0].payload.count
                            version = try await store.append(envelopes, expected: version == 0 ? .noStream : .exact(version)).version
                        }
                    }
                    return payloadBytes
                }
            }
            return try await group.reduce(0, +)
        }
    }

    private func deleteCommandRecords(_ redis: RedisClient) async throws {
        try await redis.scanAll(match: "cqrs:*:cmd:*", count: 5000) { keys in
            _ = try await redis.send(.unlink(keys))
        }
    }

    private func usedMemory(_ redis: RedisClient) async throws -> Int {
        guard let value = try await redis.info("memory")["used_memory"].flatMap({ Int($0) }) else {
            throw ExternalProgram.Failure(description: "INFO memory has no used_memory")
        }
        return value
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
