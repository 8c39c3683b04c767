import Benchmarks
import EventSourcing
import EventStore
import Foundation
import LocalRedis
import Logging
import ProductCatalog
import ProductReadModel
import ProjectorRuntime
import RedisClient
import Synchronization
import Testing

/// A write store (event store initialised) and a read store, both real redis-servers,
/// with the product projection: what every read-side test starts from.
struct ReadSide: Sendable {
    let writeServer: RedisServer
    let readServer: RedisServer
    let writeStore: RedisClient
    let readStore: RedisClient
    let store: RedisEventStore
    let projection: ProductProjection

    var admin: ProjectionAdmin<ProductProjection> { ProjectionAdmin(projection: projection, writeStore: writeStore, readStore: readStore, logger: Self.logger) }
    var queries: ProductQueries { ProductQueries(redis: readStore, layout: projection.layout) }
    var handler: CommandHandler<Product> { CommandHandler(store: store) }

    static let logger: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = ProcessInfo.processInfo.environment["CQRS_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        return logger
    }()

    /// Runs `body` with fresh servers; `sameServer` puts both stores on one server.
    static func with<T: Sendable>(
        partitions: Int = 4, sameServer: Bool = false, readOptions: RedisServerOptions = RedisServerOptions(label: "read"),
        relatedRatingsPerUser: Int = 5, projection: ProductProjection? = nil, _ body: (ReadSide) async throws -> T
    ) async throws -> T {
        try await RedisServer.with(RedisServerOptions(label: "write")) { writeServer in
            if sameServer {
                return try await run(writeServer: writeServer, readServer: writeServer, partitions: partitions, projection: projection ?? ProductProjection(relatedRatingsPerUser: relatedRatingsPerUser), body)
            }
            return try await RedisServer.with(readOptions) { readServer in
                try await run(writeServer: writeServer, readServer: readServer, partitions: partitions, projection: projection ?? ProductProjection(relatedRatingsPerUser: relatedRatingsPerUser), body)
            }
        }
    }

    private static func run<T: Sendable>(
        writeServer: RedisServer, readServer: RedisServer, partitions: Int, projection: ProductProjection, _ body: (ReadSide) async throws -> T
    ) async throws -> T {
        let writeStore = RedisClient(writeServer.configuration)
        let readStore = RedisClient(readServer.configuration)
        defer {
            writeStore.close()
            readStore.close()
        }
        try await RedisEventStore.initialize(redis: writeStore, partitions: partitions)
        let side = ReadSide(
            writeServer: writeServer, readServer: readServer, writeStore: writeStore, readStore: readStore,
            store: try await RedisEventStore.open(redis: writeStore), projection: projection
        )
        return try await body(side)
    }

    /// A projector instance with test timings: short blocks, quick claims.
    func projector(_ consumer: String, projection: ProductProjection? = nil, _ configure: (inout ProjectorConfiguration) -> Void = { _ in }) -> Projector<ProductProjection> {
        var configuration = ProjectorConfiguration(consumer: consumer)
        configuration.batchSize = 64
        configuration.blockTime = .milliseconds(100)
        configuration.claimMinIdle = .milliseconds(500)
        configuration.pointerCheckInterval = .milliseconds(100)
        configuration.maxDeliveries = 3
        configure(&configuration)
        return Projector(projection: projection ?? self.projection, writeStore: writeStore, readStore: readStore, configuration: configuration, logger: Self.logger)
    }

    /// Runs the projectors while `body` runs, then stops them gracefully.
    func running<T: Sendable>(_ projectors: [Projector<ProductProjection>], _ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for projector in projectors { group.addTask { try await projector.run() } }
            do {
                let result = try await body()
                projectors.forEach { $0.stop() }
                try await group.waitForAll()
                return result
            } catch {
                projectors.forEach { $0.stop() }
                group.cancelAll()
                throw error
            }
        }
    }

    /// Waits until the live generation has applied every event of every log.
    func waitUntilCaughtUp(timeout: Duration = .seconds(30)) async throws {
        try await admin.waitUntilCaughtUp(timeout: timeout, interval: .milliseconds(50))
    }

    /// Verify must find the live generation exactly as the log says.
    func expectClean(_ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let report = try await admin.verify(maxDifferences: 10)
        #expect(report.isClean, "\(comment.map { "\($0): " } ?? "")\(report.differenceCount) differences, e.g. \(report.differences.map(\.description)); undecodable \(report.undecodable)", sourceLocation: sourceLocation)
        #expect(report.keysExpected > 0, sourceLocation: sourceLocation)
    }

    /// Appends `count` events of the catalogue workload.
    @discardableResult
    func write(
        _ count: Int, products: Int = 50, firstProductId: Int64 = 1, users: Int = 20, writers: Int = 4, pause: Duration? = nil,
        shouldStop: @escaping @Sendable () -> Bool = { false }
    ) async throws -> Int {
        var workload = CatalogWorkload(products: products, users: users, writers: writers)
        workload.firstProductId = firstProductId
        return try await workload.append(events: count, to: store, pause: pause, shouldStop: shouldStop)
    }

    /// Handles a command with a fresh command id.
    @discardableResult
    func handle(_ command: ProductCommand) async throws -> CommandHandler<Product>.Outcome {
        try await handler.handle(command, metadata: CommandMetadata(commandId: UUID()))
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A flag tasks can set and read.
final class Flag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}
