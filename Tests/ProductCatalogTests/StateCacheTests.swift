import EventSourcing
import Foundation
import ProductCatalog
import Synchronization
import Testing

/// Records the `after` of every load, around a real in-memory store.
private final class RecordingStore: EventStoring {
    let inner: any EventStoring
    let afters = Mutex<[Int64?]>([])
    init(_ inner: any EventStoring) { self.inner = inner }

    func load(aggregateType: String, aggregateId: String, commandId: UUID?, after: Int64?) async throws -> StoredStream {
        afters.withLock { $0.append(after) }
        return try await inner.load(aggregateType: aggregateType, aggregateId: aggregateId, commandId: commandId, after: after)
    }
    func readEvents(aggregateType: String, aggregateId: String, from: Int64, to: Int64) async throws -> [EventEnvelope] {
        try await inner.readEvents(aggregateType: aggregateType, aggregateId: aggregateId, from: from, to: to)
    }
    func append(_ events: [EventEnvelope], expected: ExpectedVersion) async throws -> AppendResult {
        try await inner.append(events, expected: expected)
    }
    func saveSnapshot(_ snapshot: Snapshot) async throws -> Bool { try await inner.saveSnapshot(snapshot) }
}

@Suite("The command handler's state cache")
struct StateCacheTests {
    private func command(_ command: ProductCommand, _ handler: CommandHandler<Product>) async throws -> CommandHandler<Product>.Outcome {
        try await handler.handle(command, metadata: CommandMetadata(commandId: UUID()))
    }

    @Test func laterCommandsLoadOnlyTheEventsSinceTheCachedVersion() async throws {
        let store = RecordingStore(InMemoryEventStore())
        let handler = CommandHandler<Product>(store: store)
        let other = CommandHandler<Product>(store: store, cacheCapacity: 0)  // another process
        _ = try await command(.addNewProduct(id: 1, name: "Lamp", description: "", unitPrice: try Price(parsing: "2")), handler)
        _ = try await command(.addToInventory(productId: 1, quantity: 5), handler)
        _ = try await command(.addToInventory(productId: 1, quantity: 7), other)
        let shipped = try await command(.confirmItemsShipped(productId: 1, quantity: 12), handler)
        #expect(shipped.version == 4, "the cached state at v2 plus the other process's v3 make stock 12")
        // 1: full load. 2: only the events after the cached v1. 3: the other process (no
        // cache) loads fully. 4: the events after the cached v2, i.e. the other's v3.
        #expect(store.afters.withLock { $0 } == [nil, 1, nil, 2])
        #expect(handler.cache?.get("1")?.version == 4)
        #expect(handler.cache?.get("1")?.state.stock == 0)
    }

    @Test func aCacheAheadOfTheStoreIsDiscarded() async throws {
        let store = InMemoryEventStore()
        let handler = CommandHandler<Product>(store: store)
        _ = try await command(.addNewProduct(id: 2, name: "Desk", description: "", unitPrice: try Price(parsing: "2")), handler)
        // As if the store were restored from an older backup: the cache claims v9 with stock 50.
        var bogus = try #require(handler.cache?.get("2")?.state)
        bogus.stock = 50
        handler.cache?.set("2", version: 9, state: bogus)
        let error = await #expect(throws: ProductCatalogError.self) {
            try await command(.confirmItemsShipped(productId: 2, quantity: 1), handler)
        }
        #expect(error?.kind == .insufficientStock, "the state came from the store (stock 0), not the cache")
        #expect(handler.cache?.get("2") == nil || handler.cache?.get("2")?.version == 1)
    }

    @Test func aRetryOfASucceededCommandAnswersItsFirstOutcomeEvenWhenItWouldNowBeRejected() async throws {
        let store = InMemoryEventStore()
        let handler = CommandHandler<Product>(store: store)
        let metadata = CommandMetadata(commandId: UUID())
        let create = ProductCommand.addNewProduct(id: 3, name: "Rug", description: "", unitPrice: try Price(parsing: "2"))
        let first = try await handler.handle(create, metadata: metadata)
        // Deciding again would be a conflict (the product exists now); the retry must
        // still get the first answer, from the command's record.
        let again = try await handler.handle(create, metadata: metadata)
        #expect(again.duplicate && again.version == first.version)
        _ = try await handler.handle(.addToInventory(productId: 3, quantity: 2), metadata: CommandMetadata(commandId: UUID()))
        let ship = CommandMetadata(commandId: UUID())
        _ = try await handler.handle(.confirmItemsShipped(productId: 3, quantity: 2), metadata: ship)
        let shipAgain = try await handler.handle(.confirmItemsShipped(productId: 3, quantity: 2), metadata: ship)
        #expect(shipAgain.duplicate, "stock is 0 now, yet the retry answers its first outcome")
        #expect(store.allEvents.count == 3)
    }

    @Test func theCacheIsBounded() {
        let cache = AggregateStateCache<Int>(capacity: 10)
        for id in 0..<100 { cache.set(String(id), version: 1, state: id) }
        #expect(cache.count <= 10)
        #expect(cache.get("99")?.state == 99, "the newest entry is kept")
    }
}
