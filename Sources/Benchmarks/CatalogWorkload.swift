import EventSourcing
import EventStore
import Foundation
import ProductCatalog

/// Writes product events straight to the event store, the way the command side would:
/// each writer task owns a disjoint set of products, keeps their state in memory, decides
/// random commands with the real domain rules and appends with the exact expected
/// version (one round trip per command). For benchmarks and tests.
public struct CatalogWorkload: Sendable {
    /// Products, with ids `firstProductId ..< firstProductId + products`.
    public var products: Int
    public var firstProductId: Int64 = 1
    /// Users who rate, with ids 1...users.
    public var users: Int
    /// Concurrent writer tasks.
    public var writers: Int
    /// Share of commands that are ratings; the rest change stock (add, ship, recount).
    public var ratingShare: Double = 0.4

    public init(products: Int, users: Int = 50, writers: Int = 4) {
        self.products = products
        self.users = users
        self.writers = writers
    }

    /// Names with upper case, accents, ß and ligatures, for the name index.
    static let names = ["Lamp", "lampe", "Straße", "École", "ﬁle cabinet", "Σίσυφος", "Chair", "ÉCRAN", "desk"]

    /// Appends about `events` events (fewer when `shouldStop` turns true first); returns
    /// how many were appended. With `pause`, each writer waits that long between commands.
    @discardableResult
    public func append(
        events: Int, to store: RedisEventStore, pause: Duration? = nil, shouldStop: @escaping @Sendable () -> Bool = { false }
    ) async throws -> Int {
        let writers = max(1, min(writers, products))
        return try await withThrowingTaskGroup(of: Int.self) { group in
            for writer in 0..<writers {
                let owned = stride(from: writer, to: products, by: writers).map { firstProductId + Int64($0) }
                let quota = events / writers + (writer < events % writers ? 1 : 0)
                group.addTask {
                    try await write(quota, products: owned, to: store, pause: pause, shouldStop: shouldStop)
                }
            }
            return try await group.reduce(0, +)
        }
    }

    private func write(
        _ quota: Int, products owned: [Int64], to store: RedisEventStore, pause: Duration?, shouldStop: @Sendable () -> Bool
    ) async throws -> Int {
        var states: [Int64: (state: ProductState, version: Int64)] = [:]
        var written = 0
        while written < quota, !shouldStop() {
            let id = owned.randomElement()!
            let current = states[id] ?? (Product.initialState, 0)
            let events: [ProductEvent]
            do {
                events = try Product.decide(command(for: id, current.state), state: current.state)
            } catch {
                continue  // e.g. a rating limit; pick another command
            }
            let envelopes = try Product.envelopes(
                for: events, aggregateId: String(id), currentVersion: current.version, metadata: CommandMetadata(commandId: UUID()), timestamp: Date()
            )
            let result = try await store.append(envelopes, expected: current.version == 0 ? .noStream : .exact(current.version))
            states[id] = (Product.fold(events, from: current.state), result.version)
            written += events.count
            if let pause { try await Task.sleep(for: pause) }
        }
        return written
    }

    private func command(for id: Int64, _ state: ProductState) -> ProductCommand {
        guard state.exists else {
            let name = "\(Self.names[Int(id) % Self.names.count]) \(id)"
            return .addNewProduct(id: id, name: name, description: "Product \(id)", unitPrice: Price(cents: Int64.random(in: 1...99_999))!)
        }
        if Double.random(in: 0..<1) < ratingShare {
            return .rateProduct(productId: id, userId: Int64.random(in: 1...Int64(max(1, users))), rating: Int.random(in: 1...5))
        }
        switch Int.random(in: 0..<10) {
        case 0..<4: return .addToInventory(productId: id, quantity: Int64.random(in: 1...20))
        case 4..<8 where state.stock > 0: return .confirmItemsShipped(productId: id, quantity: Int64.random(in: 1...state.stock))
        default: return .updateStockFromInventoryRecount(productId: id, updatedQuantity: Int64.random(in: 0...5))
        }
    }
}
