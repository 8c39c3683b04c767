import EventSourcing
import Foundation
import ProductCatalog
import ProductReadModel
import ProjectorRuntime
import Testing

@Suite("Poison events and the dead-letter stream")
struct DeadLetterTests {
    /// A v1 ProductRated from a buggy writer: `stars` instead of `rating`.
    private func appendPoison(_ side: ReadSide, product: Int64) async throws -> Int64 {
        let version = try await side.store.load(aggregateType: "Product", aggregateId: String(product), commandId: nil).version
        let poison = EventEnvelope(
            eventId: UUID(), eventType: "ProductRated", schemaVersion: 1, aggregateType: "Product", aggregateId: String(product),
            version: version + 1, timestamp: Date(), commandId: UUID(), correlationId: UUID(), causationId: UUID(),
            payload: Array(#"{"productId":\#(product),"userId":9,"stars":4}"#.utf8)
        )
        _ = try await side.store.append([poison], expected: .exact(version))
        // A valid event behind it (the command handler cannot load the product any more).
        let after = try Product.envelopes(
            for: [.inventoryAdded(productId: product, quantity: 3, newStock: 3)], aggregateId: String(product),
            currentVersion: version + 1, metadata: CommandMetadata(commandId: UUID()), timestamp: Date()
        )
        _ = try await side.store.append(after, expected: .exact(version + 1))
        return version + 1
    }

    /// The release that fixes it: an upcaster that also accepts `stars`.
    private static let fixedProjection = ProductProjection(
        relatedRatingsPerUser: 5,
        upcasters: UpcasterChain([
            Upcaster(eventType: "ProductRated", fromSchemaVersion: 1) { payload in
                var payload = payload
                if payload["rating"] == nil, let stars = payload["stars"] {
                    payload["rating"] = stars
                    payload["stars"] = nil
                }
                if payload["previousRating"] == nil { payload["previousRating"] = .null }
                return payload
            },
        ])
    )

    @Test func aPoisonEventIsParkedAfterNDeliveriesAndReplayedOnceFixed() async throws {
        try await ReadSide.with(partitions: 2) { side in
            for id: Int64 in 1...3 {
                try await side.handle(.addNewProduct(id: id, name: "Thing \(id)", description: "", unitPrice: try Price(parsing: "2.50")))
                try await side.handle(.rateProduct(productId: id, userId: 1, rating: 4))
            }
            let poisonVersion = try await appendPoison(side, product: 2)
            try await side.write(300, products: 20, firstProductId: 100)
            for id: Int64 in [1, 3] { try await side.handle(.addToInventory(productId: id, quantity: 7)) }

            let projector = side.projector("p1") { $0.claimMinIdle = .milliseconds(200) }
            try await side.running([projector]) { try await side.waitUntilCaughtUp() }

            let letters = try await side.admin.deadLetters()
            #expect(letters.count == 2)
            let poison = try #require(letters.first { $0.version == poisonVersion })
            #expect(poison.aggregate == "Product:2")
            #expect(poison.eventType == "ProductRated")
            #expect(poison.deliveries >= 3)
            #expect(poison.error.contains("rating"), "the error names the problem: \(poison.error)")
            let blocked = try #require(letters.first { $0.version == poisonVersion + 1 })
            // Parked behind the poison, or failed N times itself on the gap fill.
            #expect(blocked.error.contains("parked") || blocked.error.contains("does not decode"), "\(blocked.error)")
            #expect(projector.statistics.parked == 2)

            // Everything else was applied; verify names only the undecodable event.
            #expect(try await side.queries.inventory(1)?.currentStock == 7)
            #expect(try await side.queries.inventory(3)?.currentStock == 7)
            #expect(try await side.queries.findById(2)?.version == poisonVersion - 1)
            let before = try await side.admin.verify()
            #expect(before.differenceCount == 0, "\(before.differences)")
            #expect(before.undecodable.map(\.version) == [poisonVersion])

            // The fix ships; replay applies both, in order.
            let fixed = ProjectionAdmin(projection: Self.fixedProjection, writeStore: side.writeStore, readStore: side.readStore)
            let replay = try await fixed.replayDeadLetters()
            #expect(replay.replayed.count == 2, "\(replay)")
            #expect(replay.failed.isEmpty)
            #expect(try await fixed.deadLetters().isEmpty)
            #expect(try await side.readStore.hgetall(side.projection.layout.parked(try #require(try await fixed.liveGeneration()))).isEmpty)
            let product = try #require(try await side.queries.findById(2))
            #expect(product.ratingCount == 2)
            #expect(product.version == poisonVersion + 1)
            #expect(try await side.queries.inventory(2)?.currentStock == 3)
            #expect(try await fixed.verify().isClean)
        }
    }

    @Test func droppingAPoisonEventLetsItsAggregateContinue() async throws {
        try await ReadSide.with(partitions: 1) { side in
            try await side.handle(.addNewProduct(id: 5, name: "Vase", description: "", unitPrice: try Price(parsing: "12")))
            let poisonVersion = try await appendPoison(side, product: 5)
            let projector = side.projector("p1") { $0.claimMinIdle = .milliseconds(200) }
            try await side.running([projector]) { try await side.waitUntilCaughtUp() }
            let letters = try await side.admin.deadLetters()
            let poison = try #require(letters.first { $0.version == poisonVersion })

            #expect(try await side.admin.dropDeadLetters(ids: [poison.id]) == 1)
            let rest = try await side.admin.replayDeadLetters()
            #expect(rest.replayed.count == 1)
            #expect(try await side.admin.deadLetters().isEmpty)
            #expect(try await side.queries.inventory(5) == ProductInventory(id: 5, name: "Vase", currentStock: 3, version: poisonVersion + 1))
            #expect(try await side.queries.findById(5)?.ratingCount == 0, "the dropped rating was skipped")
        }
    }
}
