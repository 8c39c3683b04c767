import EventSourcing
import EventStore
import Foundation
import Synchronization
import ProductCatalog
import Testing

@Suite("CommandHandler on the real store")
struct CommandHandlerTests {
    @Test func concurrentInventoryChangesMergeByRetrying() async throws {
        try await StoreFixture.with { fixture async throws in
            let handler = fixture.handler
            _ = try await handler.handle(.addNewProduct(id: 1, name: "Lamp", description: "", unitPrice: try Price(parsing: "10")), metadata: CommandMetadata(commandId: UUID()))
            let events = HandlerEvents()
            let outcomes = try await withThrowingTaskGroup(of: CommandHandler<Product>.Outcome.self) { group in
                for _ in 0..<40 {
                    group.addTask {
                        try await handler.handle(.addToInventory(productId: 1, quantity: 3), metadata: CommandMetadata(commandId: UUID())) { event in
                            events.append(event)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(outcomes.map(\.version)).count == 40, "every command got its own version")
            let stream = try await fixture.store.readEvents(aggregateType: "Product", aggregateId: "1", from: 1, to: 1000)
            #expect(stream.count == 41)
            let state = Product.fold(try stream.map(Product.event(from:)), from: Product.initialState)
            #expect(state.stock == 120)
            #expect(outcomes.contains { $0.attempts > 1 }, "there was contention, resolved by retries")
            let retries = outcomes.map { $0.attempts - 1 }.reduce(0, +)
            #expect(events.count(.retry) == retries, "one retry event per reload")
            #expect(events.count(.conflict) == retries, "every conflict was retried")
        }
    }

    @Test func callerExpectedVersionIsNotRetried() async throws {
        try await StoreFixture.with { fixture async throws in
            let handler = fixture.handler
            _ = try await handler.handle(.addNewProduct(id: 2, name: "Desk", description: "", unitPrice: try Price(parsing: "99.50")), metadata: CommandMetadata(commandId: UUID()))
            let before = try await fixture.fingerprint()
            let events = HandlerEvents()
            let error = await #expect(throws: EventStoreError.self) {
                try await handler.handle(.addToInventory(productId: 2, quantity: 1), metadata: CommandMetadata(commandId: UUID()), expectedVersion: .exact(5)) { event in
                    events.append(event)
                }
            }
            #expect(events.all == [.conflict], "a conflict, and no retry")
            #expect(error?.kind == .conflict)
            #expect(error?.currentVersion == 1)
            #expect(try await fixture.fingerprint() == before)
        }
    }

    @Test func snapshotsShortenLoadsAndABrokenSnapshotIsIgnored() async throws {
        try await StoreFixture.with { fixture async throws in
            let handler = fixture.handler  // a snapshot every 5 events
            _ = try await handler.handle(.addNewProduct(id: 3, name: "Chair", description: "", unitPrice: try Price(parsing: "5")), metadata: CommandMetadata(commandId: UUID()))
            for _ in 0..<11 {
                _ = try await handler.handle(.addToInventory(productId: 3, quantity: 2), metadata: CommandMetadata(commandId: UUID()))
            }
            let loaded = try await fixture.store.load(aggregateType: "Product", aggregateId: "3", commandId: nil)
            #expect(loaded.version == 12)
            #expect(loaded.snapshot?.version == 10)
            #expect(loaded.events.map(\.version) == [11, 12], "one round trip: the snapshot plus the events after it")

            // Corrupt the snapshot: the handler rebuilds from every event instead.
            let snapKey = fixture.store.keys.snapshot(fixture.store.keys.partition(of: "Product:3"), aggregate: "Product:3")
            try await fixture.redis.hset(snapKey, [("state", "{not json")])
            let outcome = try await handler.handle(.confirmItemsShipped(productId: 3, quantity: 22), metadata: CommandMetadata(commandId: UUID()))
            #expect(outcome.version == 13)
            let overShip = await #expect(throws: ProductCatalogError.self) {
                try await handler.handle(.confirmItemsShipped(productId: 3, quantity: 1), metadata: CommandMetadata(commandId: UUID()))
            }
            #expect(overShip?.kind == .insufficientStock, "the state was rebuilt correctly: stock is 0")
        }
    }

    @Test func aRetriedCommandAnswersItsFirstOutcome() async throws {
        try await StoreFixture.with { fixture async throws in
            let handler = fixture.handler
            let metadata = CommandMetadata(commandId: UUID())
            let command = ProductCommand.addNewProduct(id: 4, name: "Rug", description: "", unitPrice: try Price(parsing: "1"))
            let first = try await handler.handle(command, metadata: metadata)
            let again = try await handler.handle(command, metadata: metadata)
            #expect(!first.duplicate)
            #expect(again.duplicate)
            #expect(again.version == first.version, "not a 409: the retry gets the first answer")
        }
    }

    @Test func upcastingOnReadThroughTheStore() async throws {
        try await StoreFixture.with { fixture async throws in
            _ = try await fixture.handler.handle(.addNewProduct(id: 6, name: "Vase", description: "", unitPrice: try Price(parsing: "3")), metadata: CommandMetadata(commandId: UUID()))
            // A v1 ProductRated, as an older deployment wrote it (no previousRating).
            var old = try StoreFixture.envelopes([.productRated(productId: 6, userId: 9, rating: 4, previousRating: nil)], product: 6, after: 1)
            old[0].schemaVersion = 1
            old[0].payload = Array(#"{"productId":6,"rating":4,"userId":9}"#.utf8)
            _ = try await fixture.store.append(old, expected: .exact(1))
            // The handler reads it through the upcaster: re-rating reports the old rating.
            _ = try await fixture.handler.handle(.rateProduct(productId: 6, userId: 9, rating: 2), metadata: CommandMetadata(commandId: UUID()))
            let events = try await fixture.store.readEvents(aggregateType: "Product", aggregateId: "6", from: 2, to: 3).map(Product.event(from:))
            #expect(events == [
                .productRated(productId: 6, userId: 9, rating: 4, previousRating: nil),
                .productRated(productId: 6, userId: 9, rating: 2, previousRating: 4),
            ])
        }
    }
}

/// The handler's events, collected from concurrent commands.
final class HandlerEvents: Sendable {
    private let events = Mutex<[CommandHandlerEvent]>([])

    func append(_ event: CommandHandlerEvent) { events.withLock { $0.append(event) } }
    var all: [CommandHandlerEvent] { events.withLock { $0 } }
    func count(_ event: CommandHandlerEvent) -> Int { all.filter { $0 == event }.count }
}
