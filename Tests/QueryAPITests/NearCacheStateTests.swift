import Hummingbird
import ProductReadModel
import ProjectorRuntime
@testable import QueryAPI
import RedisClient
import Testing

/// The near cache's bookkeeping without a server: which fills may be kept, and what an
/// invalidation drops.
@Suite("Near cache bookkeeping")
struct NearCacheStateTests {
    private struct NoServer: RedisCommandSender {
        func send(_ command: RedisCommand, timeout: Duration?) async throws -> RESPValue { .null }
        func pipeline(_ commands: [RedisCommand], timeout: Duration?) async throws -> RedisPipelineResults { [] }
    }

    private let g1 = ReadModelGeneration(1)

    private func product(_ id: Int64, version: Int64) -> CachedValue {
        let display = ProductDisplay(
            id: id, name: "P\(id)", description: "", unitPrice: "1", isOutOfStock: true, userRating: 0, ratingCount: 0, version: version)
        return .product(CachedProduct(ProductViews(display: display, inventory: ProductInventory(id: id, name: "P\(id)", currentStock: 0, version: version)))!)
    }

    private func version(_ value: CachedValue?) -> Int64? {
        guard case .product(let product) = value else { return nil }
        return product.version
    }

    private func key(_ id: Int64) -> String { "cqrs:rm:g1:product:\(id)" }

    private func active(capacity: Int = 10) -> NearCacheState {
        var state = NearCacheState(capacity: capacity)
        _ = state.activate(reader: NoServer())
        return state
    }

    /// Starts a fill: its ticket and the generation it knows.
    private func begin(_ state: inout NearCacheState) throws -> (NearCacheState.Ticket, ReadModelGeneration?) {
        let fill = state.beginFill()
        let (ticket, _, generation) = try #require(fill)
        return (ticket, generation)
    }

    /// Fills product `id` in one go.
    private func fill(_ state: inout NearCacheState, _ id: Int64, version: Int64 = 1) throws {
        let (ticket, _) = try begin(&state)
        state.endFill(ticket, key: .product(id), value: product(id, version: version), keys: [key(id)], generation: g1)
    }

    @Test func nothingIsCachedOrFilledWithoutASession() {
        var state = NearCacheState(capacity: 2)
        let fill = state.beginFill()
        #expect(fill == nil)
        #expect(state.lookup(.product(1)) == nil)
        #expect(state.watch(1) == nil)
    }

    @Test func aFillIsKeptUnlessAnInvalidationOfAKeyItReadOrAFlushCrossedIt() throws {
        var state = active()
        try fill(&state, 1)
        #expect(version(state.lookup(.product(1))) == 1)

        let (crossed, known) = try begin(&state)
        #expect(known == g1)
        _ = state.invalidate(key(2), product: 2)
        state.endFill(crossed, key: .product(2), value: product(2, version: 1), keys: [key(2)], generation: g1)
        #expect(state.lookup(.product(2)) == nil, "the reply may predate the change")

        let (other, _) = try begin(&state)
        _ = state.invalidate(key(3), product: 3)
        state.endFill(other, key: .product(2), value: product(2, version: 2), keys: [key(2)], generation: g1)
        #expect(version(state.lookup(.product(2))) == 2, "another key's invalidation does not matter")

        let (flushed, _) = try begin(&state)
        _ = state.flush()
        #expect(state.lookup(.product(1)) == nil && state.generation == nil)
        state.endFill(flushed, key: .product(3), value: product(3, version: 1), keys: [key(3)], generation: g1)
        #expect(state.lookup(.product(3)) == nil && state.generation == nil, "a fill from before the flush keeps nothing")
        #expect(state.statistics.staleFills == 2)
    }

    @Test func aListIsDroppedWhenItsSetOrAnyOfItsItemsChanges() throws {
        var state = active()
        let list = CachedValue.list(CachedList(body: ByteBuffer(string: "[]")))
        let page = NearCacheKey.namePage(prefix: "la", limit: 20, after: "")
        for changed in ["cqrs:rm:g1:names", key(7)] {
            let (ticket, _) = try begin(&state)
            state.endFill(ticket, key: page, value: list, keys: ["cqrs:rm:g1:names", key(7), key(8)], generation: g1)
            #expect(state.lookup(page) != nil)
            _ = state.invalidate(changed, product: nil)
            #expect(state.lookup(page) == nil, "\(changed)")
        }
        // An item read during the fill and changed before it ended.
        let (ticket, _) = try begin(&state)
        _ = state.invalidate(key(8), product: 8)
        state.endFill(ticket, key: page, value: list, keys: ["cqrs:rm:g1:names", key(7), key(8)], generation: g1)
        #expect(state.lookup(page) == nil)
    }

    @Test func aFillFromAnEndedSessionIsDroppedAndWatchersWake() throws {
        var state = active()
        let (ticket, _) = try begin(&state)
        let watched = state.watch(1)
        let signal = try #require(watched)
        state.deactivate(state.session).forEach { $0.fire() }
        #expect(signal.hasFired)
        _ = state.activate(reader: NoServer())
        state.endFill(ticket, key: .product(1), value: product(1, version: 1), keys: [key(1)], generation: g1)
        #expect(state.lookup(.product(1)) == nil)
    }

    @Test func anOverflowingInvalidationLogDropsTheFillsItCannotVouchFor() throws {
        var state = active()
        state.logLimit = 4
        let (ticket, _) = try begin(&state)
        for id in Int64(10)..<20 { _ = state.invalidate(key(id), product: id) }
        state.endFill(ticket, key: .product(1), value: product(1, version: 1), keys: [key(1)], generation: g1)
        #expect(state.lookup(.product(1)) == nil)
        try fill(&state, 1)
        #expect(state.lookup(.product(1)) != nil, "a fill after the overflow is kept")
    }

    @Test func itHoldsAtMostItsCapacity() throws {
        var state = active(capacity: 2)
        for id in Int64(1)...5 { try fill(&state, id) }
        #expect(state.statistics.entries == 2)
        #expect(state.lookup(.product(5)) != nil)
    }

    @Test func anInvalidationWakesOnlyThatProductsWatchers() throws {
        var state = active()
        let watchedOne = state.watch(1)
        let watchedTwo = state.watch(2)
        let one = try #require(watchedOne)
        let two = try #require(watchedTwo)
        state.invalidate(key(1), product: 1).forEach { $0.fire() }
        #expect(one.hasFired && !two.hasFired)
        state.unwatch(two, 2)
        #expect(state.flush().isEmpty)
    }

    @Test func productIdsAreReadFromKeysOfAnyGeneration() {
        let cache = ProductNearCache(configuration: RedisConfiguration(host: "127.0.0.1", port: 1))
        #expect(cache.productId(inKey: "cqrs:rm:g7:product:42") == 42)
        #expect(cache.productId(inKey: "cqrs:rm:g7:related:42") == nil)
        #expect(cache.productId(inKey: "cqrs:rm:live") == nil)
        #expect(cache.productId(inKey: "other:g7:product:42") == nil)
    }
}
