import EventSourcing
import EventStore
import Foundation
import LocalRedis
import ProductCatalog
import RedisClient

/// A real redis-server with an initialised event store, for one test.
struct StoreFixture {
    let server: RedisServer
    let redis: RedisClient
    let store: RedisEventStore

    static func with<T: Sendable>(
        partitions: Int = 4, options: RedisServerOptions = RedisServerOptions(), _ body: (StoreFixture) async throws -> T
    ) async throws -> T {
        try await RedisServer.with(options) { server async throws in
            let redis = RedisClient(server.configuration)
            defer { redis.close() }
            try await RedisEventStore.initialize(redis: redis, partitions: partitions)
            let store = try await RedisEventStore.open(redis: redis)
            return try await body(StoreFixture(server: server, redis: redis, store: store))
        }
    }

    var handler: CommandHandler<Product> { CommandHandler(store: store, snapshotEvery: 5) }

    /// Envelopes for `events` of product `id`, as the handler would build them.
    static func envelopes(_ events: [ProductEvent], product id: Int64, after version: Int64 = 0, command: UUID = UUID()) throws -> [EventEnvelope] {
        try Product.envelopes(for: events, aggregateId: String(id), currentVersion: version, metadata: CommandMetadata(commandId: command), timestamp: Date())
    }

    static func added(_ id: Int64) -> ProductEvent {
        .productAdded(id: id, name: "Product \(id)", description: "", unitPrice: try! Price(parsing: "9.99"))
    }

    /// Every key and its type and length: a fingerprint that changes if anything is written.
    func fingerprint() async throws -> [String: String] {
        var result: [String: String] = [:]
        try await redis.scanAll(match: "*") { keys in
            for key in keys {
                let type = try await redis.send(.type(key)).string ?? "?"
                let size: RESPValue
                switch type {
                case "stream": size = try await redis.send(.xlen(key))
                case "list": size = try await redis.send("LLEN", .string(key))
                case "hash": size = try await redis.send(.hlen(key))
                default: size = try await redis.send("STRLEN", .string(key))
                }
                result[key] = "\(type):\(size)"
            }
        }
        return result
    }
}
