import CommandAPI
import CommandQueue
import EventSourcing
import EventStore
import Foundation
import ProductCatalog
import ProductReadModel
import ProjectorRuntime
import RedisClient
import Testing

@Suite("deploy/redis/users.acl: each role does its job as its own user")
struct RoleTests {
    static let projection = ProductProjection(relatedRatingsPerUser: 5)

    @Test func commandProjectionAndQueryRunWithEachServiceAsItsOwnUser() async throws {
        try await DeployedStores.with { stores in
            try await stores.initialize()

            // writer: the command handler (the command API's path) and a command worker.
            try await stores.withClients(.writer) { writeStore, _ in
                let handler = CommandHandler<Product>(store: try await RedisEventStore.open(redis: writeStore))
                let price = try Price(parsing: "12.50")
                _ = try await handler.handle(.addNewProduct(id: 1, name: "Oak chair", description: "solid", unitPrice: price), metadata: CommandMetadata(commandId: UUID()))
                _ = try await handler.handle(.addNewProduct(id: 2, name: "Oak table", description: "", unitPrice: price), metadata: CommandMetadata(commandId: UUID()))
                _ = try await handler.handle(.rateProduct(productId: 1, userId: 7, rating: 4), metadata: CommandMetadata(commandId: UUID()))
                _ = try await handler.handle(.rateProduct(productId: 2, userId: 7, rating: 2), metadata: CommandMetadata(commandId: UUID()))

                let worker = CommandWorker(
                    client: writeStore, service: CommandService(handler: handler),
                    configuration: CommandWorkerConfiguration(consumer: "w1", blockTime: .milliseconds(100)), logger: DeployedStores.logger)
                let queue = CommandQueueClient(redis: writeStore)
                let result = try await withThrowingTaskGroup(of: CommandResult?.self) { group in
                    group.addTask { try await worker.run(); return nil }
                    let id = UUID()
                    try await queue.submit(.addToInventory, body: ["productId": 1, "quantity": 3], commandId: id)
                    let result = try await queue.waitForResult(id.uuidString)
                    group.cancelAll()
                    try await group.waitForAll()
                    return result
                }
                #expect(result?.succeeded == true, "the worker, as writer, ran the queued command: \(String(describing: result))")
            }

            // projector: reads the log and writes the read models until caught up.
            try await stores.project(Self.projection)
            try await stores.waitForReplica()

            // query: reads the read models from the replica.
            let query = try stores.client(.query, on: stores.replica)
            defer { query.close() }
            let queries = ProductQueries(redis: query, layout: Self.projection.layout)
            var product: ProductDisplay?
            for _ in 0..<250 {
                product = try await queries.findById(1)
                if product?.version == 3 { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(product?.name == "Oak chair")
            #expect(product?.userRating == 4)
            #expect(product?.version == 3, "created, rated, stocked by the worker")
            #expect(try await queries.inventory(1)?.currentStock == 3)
            #expect(try await queries.findByName("oak").map(\.id) == [1, 2])
            #expect(try await queries.findRelatedProducts(1).map(\.product.id) == [2])

            // admin: verify finds the live read models equal to the log.
            try await stores.withClients(.admin) { writeStore, readStore in
                let report = try await ProjectionAdmin(projection: Self.projection, writeStore: writeStore, readStore: readStore, logger: DeployedStores.logger).verify()
                #expect(report.isClean, "\(report.differences)")
            }
        }
    }

    @Test func aRoleThatMayNotLoadFunctionsIsToldToRunInit() async throws {
        try await DeployedStores.with { stores in
            _ = try await stores.withClients(.admin) { writeStore, _ in
                try await RedisEventStore.initialize(redis: writeStore, partitions: 2)
            }
            // The read store's Functions were not loaded (no `cqrs init` since it was new).
            try await stores.withClients(.projector) { writeStore, readStore in
                let projector = Projector(
                    projection: Self.projection, writeStore: writeStore, readStore: readStore,
                    configuration: ProjectorConfiguration(consumer: "p1"), logger: DeployedStores.logger)
                let error = await #expect(throws: RedisFunctionLibrary.NotLoaded.self) { try await projector.run() }
                #expect(error?.description.contains("cqrs init") == true)
            }
        }
    }
}
