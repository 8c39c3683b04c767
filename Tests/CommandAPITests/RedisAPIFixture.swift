import CommandAPI
import EventSourcing
import EventStore
import Foundation
import HummingbirdTesting
import LocalRedis
import Logging
import ProductCatalog
import RedisClient
import Testing

/// A real redis-server with an initialised event store (4 partitions), and the
/// command API over it.
struct RedisAPIFixture: Sendable {
    let server: RedisServer
    let redis: RedisClient
    let store: RedisEventStore

    static func with<T: Sendable>(
        _ options: RedisServerOptions = RedisServerOptions(), _ body: (RedisAPIFixture) async throws -> T
    ) async throws -> T {
        try await RedisServer.with(options) { server async throws in
            let redis = RedisClient(server.configuration)
            defer { redis.close() }
            try await RedisEventStore.initialize(redis: redis, partitions: 4)
            let store = try await RedisEventStore.open(redis: redis)
            return try await body(RedisAPIFixture(server: server, redis: redis, store: store))
        }
    }

    /// A command service of its own (its own per-product gate, as a separate process has).
    func service(logger: Logger = CapturedLogs.quiet) -> CommandService {
        CommandService(handler: CommandHandler(store: store, snapshotEvery: 10), logger: logger)
    }

    /// Runs `body` against a live HTTP server (a real socket) over this store.
    func live<T: Sendable>(_ service: CommandService, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        try await buildCommandApplication(service: service, readiness: .ping(redis)).test(.live, body)
    }

    /// The product's events, read back from the store.
    func events(of id: Int64) async throws -> [EventEnvelope] {
        let version = try await store.load(aggregateType: "Product", aggregateId: String(id), commandId: nil).version
        return try await store.readEvents(aggregateType: "Product", aggregateId: String(id), from: 1, to: version)
    }

    /// The product's state folded from its stored events.
    func state(of id: Int64) async throws -> ProductState {
        Product.fold(try await events(of: id).map(Product.event(from:)))
    }

    /// What the whole dataset is: the key count and Redis's digest of every key and value.
    func dataset() async throws -> String {
        let digest = try await redis.send("DEBUG", "DIGEST").string ?? "?"
        return "\(try await redis.dbsize()) keys, digest \(digest)"
    }

    /// Every key name, sorted.
    func keys() async throws -> [String] {
        var keys: Set<String> = []
        try await redis.scanAll(match: "*") { keys.formUnion($0) }
        return keys.sorted()
    }

    /// Runs `count` HTTP clients at once, each on its own connection; client i talks to
    /// `ports[i % ports.count]`.
    static func clients<T: Sendable>(
        _ count: Int, ports: [Int], _ body: @escaping @Sendable (Int, TestClient) async throws -> T
    ) async throws -> [T] {
        try await withThrowingTaskGroup(of: T.self) { group in
            for index in 0..<count {
                group.addTask {
                    try await TestClient.withClient(host: "localhost", port: ports[index % ports.count]) { client in try await body(index, client) }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }
}
