import EventSourcing
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import LocalRedis
import Logging
import ProductCatalog
import ProductReadModel
import ProjectorRuntime
import QueryAPI
import RedisClient
import Testing

/// A write store and a read store (real redis-servers), a command handler, a real
/// projector producing the read models, and the query API over the read store.
struct QuerySide: Sendable {
    let readServer: RedisServer
    let writeStore: RedisClient
    let readStore: RedisClient
    let store: RedisEventStore
    let projection = ProductProjection(relatedRatingsPerUser: 2)

    static let logger: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = ProcessInfo.processInfo.environment["CQRS_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        return logger
    }()

    var queries: ProductQueries { ProductQueries(redis: readStore, layout: projection.layout) }
    var admin: ProjectionAdmin<ProductProjection> { ProjectionAdmin(projection: projection, writeStore: writeStore, readStore: readStore, logger: Self.logger) }

    static func with<T: Sendable>(_ body: (QuerySide) async throws -> T) async throws -> T {
        try await RedisServer.with(RedisServerOptions(label: "write")) { writeServer in
            try await RedisServer.with(RedisServerOptions(label: "read")) { readServer in
                let writeStore = RedisClient(writeServer.configuration)
                let readStore = RedisClient(readServer.configuration)
                defer {
                    writeStore.close()
                    readStore.close()
                }
                try await RedisEventStore.initialize(redis: writeStore, partitions: 2)
                let side = QuerySide(readServer: readServer, writeStore: writeStore, readStore: readStore, store: try await RedisEventStore.open(redis: writeStore))
                return try await body(side)
            }
        }
    }

    /// Product 1, "Lamp", priced 1: the fixture most tests start from.
    func addLamp() async throws {
        try await handle(.addNewProduct(id: 1, name: "Lamp", description: "", unitPrice: try Price(parsing: "1")))
    }

    /// Handles a command with a fresh command id, `tick` seconds after a fixed start.
    @discardableResult
    func handle(_ command: ProductCommand, tick: Int = 0) async throws -> CommandHandler<Product>.Outcome {
        try await CommandHandler(store: store).handle(
            command, metadata: CommandMetadata(commandId: UUID()), now: Date(timeIntervalSince1970: 1_750_000_000 + Double(tick)))
    }

    func projector() -> Projector<ProductProjection> {
        var configuration = ProjectorConfiguration(consumer: "p1")
        configuration.batchSize = 64
        configuration.blockTime = .milliseconds(50)
        configuration.claimMinIdle = .milliseconds(500)
        configuration.pointerCheckInterval = .milliseconds(100)
        return Projector(projection: projection, writeStore: writeStore, readStore: readStore, configuration: configuration, logger: Self.logger)
    }

    /// Runs the projector while `body` runs, then stops it.
    func projecting<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        let projector = projector()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await projector.run() }
            do {
                let result = try await body()
                projector.stop()
                try await group.waitForAll()
                return result
            } catch {
                projector.stop()
                group.cancelAll()
                throw error
            }
        }
    }

    /// Projects every event written so far.
    func project() async throws {
        try await projecting { try await waitUntilCaughtUp() }
    }

    func waitUntilCaughtUp(timeout: Duration = .seconds(30)) async throws {
        try await admin.waitUntilCaughtUp(timeout: timeout)
    }

    /// Runs `body` against the query API's router (no sockets).
    func api<T: Sendable>(
        minVersionTimeout: Duration = .seconds(2), _ body: @escaping @Sendable (any TestClientProtocol) async throws -> T
    ) async throws -> T {
        try await api(servers: ReadServers(primary: queries), minVersionTimeout: minVersionTimeout, body)
    }

    /// Runs `body` against the query API reading from `servers` (and `nearCache`).
    func api<T: Sendable>(
        servers: ReadServers, minVersionTimeout: Duration = .seconds(2), nearCache: ProductNearCache? = nil,
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> T
    ) async throws -> T {
        let router = buildQueryRouter(servers: servers, minVersionTimeout: minVersionTimeout, nearCache: nearCache, logger: Self.logger)
        return try await Application(router: router).test(.router, body)
    }
}

struct QueryTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
