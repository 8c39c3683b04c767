import ProductReadModel
import ProjectorRuntime
@testable import QueryAPI
import RedisClient
import Testing

/// The near cache's bookkeeping without a server: which fills may be kept.
@Suite("Near cache bookkeeping")
struct NearCacheStateTests {
    private struct NoServer: RedisCommandSender {
        func send(_ command: RedisCommand, timeout: Duration?) async throws -> RESPValue { .null }
        func pipeline(_ commands: [RedisCommand], timeout: Duration?) async throws -> RedisPipelineResults { [] }
    }

    private func product(_ id: Int64, version: Int64) -> CachedProduct {
        let display = ProductDisplay(
            id: id, name: "P\(id)", description: "", unitPrice: "1", isOutOfStock: true, userRating: 0, ratingCount: 0, version: version)
        return CachedProduct(ProductViews(display: display, inventory: ProductInventory(id: id, name: "P\(id)", currentStock: 0, version: version)))!
    }

    private let g1 = ReadModelGeneration(1)

    /// Starts a fill: its ticket and the generation it knows.
    private func begin(_ state: inout NearCacheState, _ id: Int64) throws -> (NearCacheState.Ticket, ReadModelGeneration?) {
        let fill = state.beginFill(id)
        let (ticket, _, generation) = try #require(fill)
        return (ticket, generation)
    }

    private func active() -> NearCacheState {
        var state = NearCacheState(capacity: 2)
        _ = state.activate(reader: NoServer())
        return state
    }

    @Test func nothingIsCachedOrFilledWithoutASession() {
        var state = NearCacheState(capacity: 2)
        let fill = state.beginFill(1)
        #expect(fill == nil)
        #expect(state.lookup(1) == nil)
        #expect(state.watch(1) == nil)
    }

    @Test func aFillIsKeptUnlessAnInvalidationOrFlushCrossedIt() throws {
        var state = active()
        let (ticket, _) = try begin(&state, 1)
        state.endFill(ticket, product: product(1, version: 1), generation: g1)
        #expect(state.lookup(1)?.version == 1)

        let (crossed, known) = try begin(&state, 2)
        #expect(known == g1)
        _ = state.invalidate(2)
        state.endFill(crossed, product: product(2, version: 1), generation: g1)
        #expect(state.lookup(2) == nil, "the reply may predate the change")

        let (other, _) = try begin(&state, 2)
        _ = state.invalidate(3)
        state.endFill(other, product: product(2, version: 2), generation: g1)
        #expect(state.lookup(2)?.version == 2, "another product's invalidation does not matter")

        let (flushed, _) = try begin(&state, 3)
        _ = state.flush()
        #expect(state.lookup(1) == nil && state.generation == nil)
        state.endFill(flushed, product: product(3, version: 1), generation: g1)
        #expect(state.lookup(3) == nil && state.generation == nil, "a fill from before the flush keeps nothing")
        #expect(state.statistics.staleFills == 2)
    }

    @Test func aFillFromAnEndedSessionIsDroppedAndWatchersWake() throws {
        var state = active()
        let (ticket, _) = try begin(&state, 1)
        let watched = state.watch(1)
        let signal = try #require(watched)
        state.deactivate(state.session).forEach { $0.fire() }
        #expect(signal.hasFired)
        _ = state.activate(reader: NoServer())
        state.endFill(ticket, product: product(1, version: 1), generation: g1)
        #expect(state.lookup(1) == nil)
    }

    @Test func itHoldsAtMostItsCapacity() throws {
        var state = active()
        for id in Int64(1)...5 {
            let (ticket, _) = try begin(&state, id)
            state.endFill(ticket, product: product(id, version: 1), generation: g1)
        }
        #expect(state.statistics.entries == 2)
        #expect(state.lookup(5) != nil)
    }

    @Test func anInvalidationWakesOnlyThatProductsWatchers() throws {
        var state = active()
        let watchedOne = state.watch(1)
        let watchedTwo = state.watch(2)
        let one = try #require(watchedOne)
        let two = try #require(watchedTwo)
        state.invalidate(1).forEach { $0.fire() }
        #expect(one.hasFired && !two.hasFired)
        state.unwatch(two, 2)
        #expect(state.flush().isEmpty)
    }
}
