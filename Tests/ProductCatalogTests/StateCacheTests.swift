import EventSourcing
import Foundation
import ProductCatalog
import Synchronization
import Testing

/// Records every call the handler makes, around a real in-memory store.
private final class RecordingStore: EventStoring {
    let inner: any EventStoring
    let calls = Mutex<[String]>([])
    init(_ inner: any EventStoring) { self.inner = inner }

    func load(aggregateType: String, aggregateId: String, commandId: UUID?, after: Int64?) async throws -> StoredStream {
        calls.withLock { $0.append("load after \(after.map(String.init) ?? "nil")") }
        return try await inner.load(aggregateType: aggregateType, aggregateId: aggregateId, commandId: commandId, after: after)
    }
    func readEvents(aggregateType: String, aggregateId: String, from: Int64, to: Int64) async throws -> [EventEnvelope] {
        try await inner.readEvents(aggregateType: aggregateType, aggregateId: aggregateId, from: from, to: to)
    }
    func append(_ events: [EventEnvelope], expected: ExpectedVersion) async throws -> AppendResult {
        calls.withLock { $0.append("append \(expected)") }
        return try await inner.append(events, expected: expected)
    }
    func appendOrCatchUp(_ events: [EventEnvelope], expectedVersion: Int64) async throws -> AppendAttempt {
        let attempt = try await inner.appendOrCatchUp(events, expectedVersion: expectedVersion)
        let outcome = switch attempt {
        case .appended(let result): "v\(result.version)"
        case .conflict(let current, let events): "conflict at v\(current), \(events.map { "\($0.count) events" } ?? "no events")"
        }
        calls.withLock { $0.append("appendOrCatchUp \(expectedVersion): \(outcome)") }
        return attempt
    }
    func saveSnapshot(_ snapshot: Snapshot) async throws -> Bool { try await inner.saveSnapshot(snapshot) }
}

@Suite("The command handler's state cache")
struct StateCacheTests {
    private func command(_ command: ProductCommand, _ handler: CommandHandler<Product>) async throws -> CommandHandler<Product>.Outcome {
        try await handler.handle(command, metadata: CommandMetadata(commandId: UUID()))
    }

    @Test func aCachedStateIsDecidedOnAndCaughtUpWithoutLoads() async throws {
        let store = RecordingStore(InMemoryEventStore())
        let handler = CommandHandler<Product>(store: store)
        let other = CommandHandler<Product>(store: store, cacheCapacity: 0)  // another process
        func calls(_ body: () async throws -> Void) async rethrows -> [String] {
            store.calls.withLock { $0 = [] }
            try await body()
            return store.calls.withLock { $0 }
        }
        #expect(try await calls { _ = try await command(.addNewProduct(id: 1, name: "Lamp", description: "", unitPrice: try Price(parsing: "2")), handler) }
            == ["load after nil", "appendOrCatchUp 0: v1"], "nothing cached: a full load")
        #expect(try await calls { _ = try await command(.addToInventory(productId: 1, quantity: 5), handler) }
            == ["appendOrCatchUp 1: v2"], "decided on the cached v1")
        #expect(try await calls { _ = try await command(.addToInventory(productId: 1, quantity: 7), other) }
            == ["load after nil", "appendOrCatchUp 2: v3"])
        #expect(try await calls { _ = try await command(.addToInventory(productId: 1, quantity: 1), handler) }
            == ["appendOrCatchUp 2: conflict at v3, 1 events", "appendOrCatchUp 3: v4"], "caught up from the conflict, no load")
        #expect(try await calls { _ = try await command(.confirmItemsShipped(productId: 1, quantity: 13), handler) }
            == ["appendOrCatchUp 4: v5"], "the caught-up stock of 13 ships")
        store.calls.withLock { $0 = [] }
        let rejected = await #expect(throws: ProductCatalogError.self) {
            _ = try await command(.confirmItemsShipped(productId: 1, quantity: 1), handler)
        }
        #expect(rejected?.kind == .insufficientStock)
        #expect(store.calls.withLock { $0 } == ["load after 5"], "a rejection on the cached state is checked against a load")
        #expect(handler.cache?.get("1")?.version == 5)
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

    @Test func aConditionalRemovalKeepsANewerEntry() {
        let cache = AggregateStateCache<Int>(capacity: 10)
        cache.set("1", version: 3, state: 30)
        cache.remove("1", ifAt: 2)
        #expect(cache.get("1")?.version == 3, "cached meanwhile at 3: stays")
        cache.remove("1", ifAt: 3)
        #expect(cache.get("1") == nil)
    }
}
