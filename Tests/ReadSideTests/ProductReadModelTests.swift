import EventSourcing
import Foundation
import ProductCatalog
import ProductReadModel
import ProjectorRuntime
import RedisClient
import Testing

@Suite("Product read models")
struct ProductReadModelTests {
    /// A small catalogue with known answers for every query.
    private func seed(_ side: ReadSide) async throws {
        let start = Date(timeIntervalSince1970: 1_750_000_000)
        var tick = 0
        func at(_ command: ProductCommand) async throws {
            tick += 1
            _ = try await side.handler.handle(command, metadata: CommandMetadata(commandId: UUID()), now: start + Double(tick))
        }
        try await at(.addNewProduct(id: 1, name: "Straße Lamp", description: "bright", unitPrice: try Price(parsing: "19.99")))
        try await at(.addNewProduct(id: 2, name: "STRASSE sign", description: "", unitPrice: try Price(parsing: "5")))
        try await at(.addNewProduct(id: 3, name: "École chair", description: "wood", unitPrice: try Price(parsing: "100.5")))
        try await at(.addNewProduct(id: 4, name: "desk", description: "", unitPrice: try Price(parsing: "250")))
        try await at(.rateProduct(productId: 1, userId: 1, rating: 5))
        try await at(.rateProduct(productId: 2, userId: 1, rating: 3))
        try await at(.rateProduct(productId: 3, userId: 1, rating: 4))
        try await at(.rateProduct(productId: 1, userId: 2, rating: 4))
        try await at(.rateProduct(productId: 2, userId: 2, rating: 2))
        try await at(.rateProduct(productId: 1, userId: 1, rating: 3))  // a re-rating replaces the 5
        try await at(.addToInventory(productId: 1, quantity: 5))
        try await at(.confirmItemsShipped(productId: 1, quantity: 5))
        try await at(.addToInventory(productId: 3, quantity: 2))
    }

    @Test func everyQueryAnswersFromTheLiveGeneration() async throws {
        try await ReadSide.with(relatedRatingsPerUser: 2) { side in
            try await seed(side)
            try await side.running([side.projector("p1")]) { try await side.waitUntilCaughtUp() }

            let lamp = try #require(try await side.queries.findById(1))
            #expect(lamp == ProductDisplay(id: 1, name: "Straße Lamp", description: "bright", unitPrice: "19.99", isOutOfStock: true, userRating: Decimal(string: "3.5")!, ratingCount: 2, version: 6))
            #expect(try await side.queries.findById(3)?.unitPrice == "100.50")
            #expect(try await side.queries.inventory(3) == ProductInventory(id: 3, name: "École chair", currentStock: 2, version: 3))
            #expect(try await side.queries.findById(99) == nil)

            #expect(try await side.queries.findByName("strasse").map(\.id) == [1, 2], "ß folds to ss")
            #expect(try await side.queries.findByName("STRAßE S").map(\.id) == [2])
            #expect(try await side.queries.findByName("éc").map(\.id) == [3])
            #expect(try await side.queries.findByName("E\u{301}COLE").map(\.id) == [3], "a decomposed é matches the precomposed name")
            #expect(try await side.queries.findByName("ecole").isEmpty, "accents are kept")
            #expect(try await side.queries.findByName("").count == 4)

            #expect(try await side.queries.findOutOfStockProducts().map(\.id) == [1, 2, 4])
            #expect(try await side.queries.topRated().map(\.id) == [3, 1, 2])
            // K = 2: user 1's two most recent are 1 (re-rated last) and 3; user 2 rated 1 and 2.
            let related = try await side.queries.findRelatedProducts(1)
            #expect(related.map(\.product.id) == [3, 2])
            #expect(related.map(\.sharedRaters) == [1, 1])
            #expect(try await side.queries.findRelatedProducts(3).map(\.product.id) == [1])
            try await side.expectClean()
        }
    }

    @Test func theApplyFunctionGuardsTheVersion() async throws {
        try await ReadSide.with { side in
            try await seed(side)
            try await side.running([side.projector("p1")]) { try await side.waitUntilCaughtUp() }
            let generation = try #require(try await side.admin.liveGeneration())
            let events = try await side.store.readEvents(aggregateType: "Product", aggregateId: "1", from: 1, to: 100)
            let key = ProductReadModelKeys(layout: side.projection.layout, generation: generation).product("1")
            let before = try await side.readStore.hgetall(key)

            let again = try await side.readStore.send(side.projection.applyCommand(for: events[2], in: generation))
            #expect(try ApplyReply(again) == .duplicate(storedVersion: 6))
            var future = events[5]
            future.version = 8
            let gap = try await side.readStore.send(side.projection.applyCommand(for: future, in: generation))
            #expect(try ApplyReply(gap) == .gap(storedVersion: 6))
            #expect(try await side.readStore.hgetall(key) == before, "neither call wrote anything")

            let wrong = await #expect(throws: RedisServerError.self) {
                try await side.readStore.send(.fcall("cqrs_rm_apply", keys: [key], arguments: ["cqrs:rm", .string(generation.name), 7, "stock", "-3"]))
            }
            #expect(wrong?.code == "CQRS_RM_BADARG")
            #expect(try await side.readStore.hgetall(key) == before)
        }
    }

    @Test func bothStoresOnOneServer() async throws {
        try await ReadSide.with(partitions: 2, sameServer: true) { side in
            try await side.write(400, products: 20)
            try await side.running([side.projector("p1"), side.projector("p2")]) { try await side.waitUntilCaughtUp() }
            try await side.expectClean()
            let lag = try await side.admin.lag()
            #expect(lag.partitions.count == 2)
            #expect(lag.secondsBehind == 0)
            #expect(lag.eventsInLogs == 400)
        }
    }

    @Test func lagCountsEventsAndAge() async throws {
        try await ReadSide.with(partitions: 2) { side in
            try await side.running([side.projector("p1")]) {
                try await side.write(50, products: 5)
                try await side.waitUntilCaughtUp()
            }
            try await Task.sleep(for: .milliseconds(30))
            try await side.write(30, products: 5, firstProductId: 100)
            let lag = try await side.admin.lag()
            #expect(lag.eventsBehind == 30)
            #expect(lag.secondsBehind > 0)
            #expect(lag.secondsBehind < 30)
            #expect(lag.partitions.allSatisfy { $0.pending == 0 })
        }
    }
}
