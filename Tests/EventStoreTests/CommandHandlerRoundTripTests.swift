import EventSourcing
import EventStore
import Foundation
import ProductCatalog
import RedisClient
import Testing

/// Round trips of the command handler, counted by the server (`INFO commandstats`).
@Suite("CommandHandler round trips on the real store")
struct CommandHandlerRoundTripTests {
    private static func add(_ quantity: Int64, to id: Int64, _ handler: CommandHandler<Product>, id commandId: UUID = UUID(),
                            observe: (CommandHandlerEvent) -> Void = { _ in }) async throws -> CommandHandler<Product>.Outcome {
        try await handler.handle(.addToInventory(productId: id, quantity: quantity), metadata: CommandMetadata(commandId: commandId), observe: observe)
    }

    private static func create(_ id: Int64, _ handler: CommandHandler<Product>) async throws {
        _ = try await handler.handle(.addNewProduct(id: id, name: "P\(id)", description: "", unitPrice: try Price(parsing: "1")), metadata: CommandMetadata(commandId: UUID()))
    }

    @Test func aCachedAggregateTakesOneRoundTripPerCommand() async throws {
        try await StoreFixture.with { fixture async throws in
            let handler = CommandHandler<Product>(store: fixture.store, snapshotEvery: 0)
            try await Self.create(1, handler)
            try await fixture.resetCallCounts()
            for _ in 0..<10 { _ = try await Self.add(2, to: 1, handler) }
            _ = try await handler.handle(.rateProduct(productId: 1, userId: 7, rating: 4), metadata: CommandMetadata(commandId: UUID()))
            #expect(try await fixture.callCounts() == Calls(writes: 11, reads: 0), "one FCALL each, no load")
            #expect(try await fixture.state(of: 1).stock == 20)
        }
    }

    @Test func aStaleCacheCatchesUpFromTheConflictReply() async throws {
        try await StoreFixture.with { fixture async throws in
            let handler = CommandHandler<Product>(store: fixture.store, snapshotEvery: 0)
            let other = CommandHandler<Product>(store: fixture.store, cacheCapacity: 0)  // another process
            try await Self.create(2, handler)
            for _ in 0..<3 { _ = try await Self.add(5, to: 2, other) }
            try await fixture.resetCallCounts()
            let events = HandlerEvents()
            // Decided on the cached v1 (stock 0), appended against v1: refused, with v2..v4.
            let added = try await Self.add(1, to: 2, handler) { events.append($0) }
            #expect(added.version == 5 && added.attempts == 2)
            #expect(events.all == [.conflict, .retry])
            #expect(try await fixture.callCounts() == Calls(writes: 2, reads: 0), "a conflict that brought v2..v4, then the append")
            #expect(handler.cache?.get("2")?.version == 5)
            #expect(handler.cache?.get("2")?.state.stock == 16, "the other process's 15 items were folded in")
            try await fixture.resetCallCounts()
            _ = try await handler.handle(.confirmItemsShipped(productId: 2, quantity: 16), metadata: CommandMetadata(commandId: UUID()))
            #expect(try await fixture.callCounts() == Calls(writes: 1, reads: 0), "the caught-up state is current")
        }
    }

    @Test func aCacheTooFarBehindLoadsTheAggregate() async throws {
        try await StoreFixture.with { fixture async throws in
            let handler = CommandHandler<Product>(store: fixture.store, snapshotEvery: 0)
            let other = CommandHandler<Product>(store: fixture.store, snapshotEvery: 0, cacheCapacity: 0)
            try await Self.create(3, handler)
            for _ in 0..<(AppendAttempt.catchUpLimit + 1) { _ = try await Self.add(1, to: 3, other) }
            try await fixture.resetCallCounts()
            let outcome = try await Self.add(1, to: 3, handler)
            #expect(outcome.version == AppendAttempt.catchUpLimit + 3 && outcome.attempts == 2)
            #expect(try await fixture.callCounts() == Calls(writes: 2, reads: 1), "a bare conflict, a load, the append")
            #expect(handler.cache?.get("3")?.state.stock == AppendAttempt.catchUpLimit + 2)
        }
    }

    @Test func aRetriedCommandIdAnswersItsFirstOutcomeOnTheCachedPath() async throws {
        try await StoreFixture.with { fixture async throws in
            let handler = CommandHandler<Product>(store: fixture.store, snapshotEvery: 0)
            try await Self.create(4, handler)
            let addId = UUID()
            let first = try await Self.add(2, to: 4, handler, id: addId)
            try await fixture.resetCallCounts()
            // Deciding again succeeds on the cached state: the Function finds the command id.
            let again = try await Self.add(2, to: 4, handler, id: addId)
            #expect(again.duplicate && again.version == first.version && again.appendedEvents == 1)
            #expect(try await fixture.callCounts() == Calls(writes: 1, reads: 0))

            let shipId = UUID()
            let ship = ProductCommand.confirmItemsShipped(productId: 4, quantity: 2)
            let shipped = try await handler.handle(ship, metadata: CommandMetadata(commandId: shipId))
            // Stock is 0 now: the cached state rejects the retry, so the handler loads
            // with the command id, which answers the first outcome instead of a 422.
            let shippedAgain = try await handler.handle(ship, metadata: CommandMetadata(commandId: shipId))
            #expect(shippedAgain.duplicate && shippedAgain.version == shipped.version)
            let events = try await fixture.store.readEvents(aggregateType: "Product", aggregateId: "4", from: 1, to: 100)
            #expect(events.count == 3, "nothing was written twice")
        }
    }

    @Test func aCallersExpectedVersionConflictsAtOnceOnTheCachedPath() async throws {
        try await StoreFixture.with { fixture async throws in
            let handler = CommandHandler<Product>(store: fixture.store, snapshotEvery: 0)
            let other = CommandHandler<Product>(store: fixture.store, cacheCapacity: 0)
            try await Self.create(5, handler)
            _ = try await Self.add(1, to: 5, other)
            let before = try await fixture.fingerprint()
            let events = HandlerEvents()
            let error = await #expect(throws: EventStoreError.self) {
                // The caller read version 1, as the cache did; the store is at 2.
                try await handler.handle(.addToInventory(productId: 5, quantity: 1), metadata: CommandMetadata(commandId: UUID()), expectedVersion: .exact(1)) {
                    events.append($0)
                }
            }
            #expect(error?.kind == .conflict && error?.currentVersion == 2)
            #expect(events.all == [.conflict])
            #expect(try await fixture.fingerprint() == before)
        }
    }

    /// Two processes (a handler, cache and connection each), each running its commands
    /// one after the other as its gate does, on one product: every attempt costs each of
    /// them one round trip and a caught-up retry does not pause, so neither runs out of
    /// attempts.
    @Test func twoProcessesOnOneProductShareItFairly() async throws {
        try await StoreFixture.with { fixture async throws in
            let other = RedisClient(fixture.server.configuration)
            defer { other.close() }
            let handlers = [CommandHandler<Product>(store: fixture.store), CommandHandler<Product>(store: try await RedisEventStore.open(redis: other))]
            try await Self.create(6, handlers[0])
            let outcomes = try await withThrowingTaskGroup(of: [CommandHandler<Product>.Outcome].self) { group in
                for handler in handlers {
                    group.addTask {
                        var outcomes: [CommandHandler<Product>.Outcome] = []
                        for _ in 0..<200 { outcomes.append(try await Self.add(1, to: 6, handler)) }
                        return outcomes
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(Set(outcomes.map(\.version)).count == 400, "no lost update")
            #expect(try await fixture.state(of: 6).stock == 400)
            let attempts = outcomes.map(\.attempts)
            #expect(attempts.contains { $0 > 1 }, "the processes did contend")
            // Every command succeeded (one that ran out of its 64 attempts would have thrown).
            #expect(attempts.filter { $0 == 1 }.count > attempts.count / 2, "most went through at once: \(attempts.sorted())")
        }
    }
}

struct Calls: Equatable, CustomStringConvertible {
    var writes: Int
    var reads: Int
    var description: String { "FCALL \(writes), FCALL_RO \(reads)" }
}

extension StoreFixture {
    func resetCallCounts() async throws {
        _ = try await redis.send("CONFIG", "RESETSTAT")
    }

    /// FCALL and FCALL_RO calls since ``resetCallCounts()``.
    func callCounts() async throws -> Calls {
        let info = try await redis.send("INFO", "commandstats").string ?? ""
        func calls(_ command: String) -> Int {
            info.split(whereSeparator: \.isNewline).first { $0.hasPrefix("cmdstat_\(command):") }
                .flatMap { $0.split(separator: "calls=").dropFirst().first?.prefix { $0.isNumber } }.flatMap { Int($0) } ?? 0
        }
        return Calls(writes: calls("fcall"), reads: calls("fcall_ro"))
    }

    /// The product's state folded from every event in the store.
    func state(of id: Int64) async throws -> ProductState {
        let events = try await store.readEvents(aggregateType: "Product", aggregateId: String(id), from: 1, to: 10_000)
        return Product.fold(try events.map(Product.event(from:)))
    }
}
