import Foundation
import ProductReadModel
import ProjectorRuntime
import RedisClient
import Synchronization
import Testing

@Suite("Rebuild into a new generation")
struct RebuildTests {
    private func rebuildOptions() -> RebuildOptions {
        var options = RebuildOptions()
        options.batchSize = 128
        options.claimMinIdle = .milliseconds(500)
        options.progressInterval = .milliseconds(100)
        options.deletionDelay = .milliseconds(100)
        return options
    }

    /// Queries the live generation until `stop`; throws on the first failure or
    /// inconsistency. `known` products must never disappear. Returns the queries made.
    private func queryContinuously(_ side: ReadSide, known: [Int64], until stop: Flag) async throws -> Int {
        var count = 0
        while !stop.isSet {
            let id = known.randomElement()!
            guard let product = try await side.queries.findById(id) else { throw TestFailure("product \(id) vanished from the live generation") }
            guard product.version > 0 else { throw TestFailure("product \(id) has version \(product.version)") }
            let byName = try await side.queries.findByName(String(product.name.prefix(3)))
            guard byName.contains(where: { $0.id == id }) else { throw TestFailure("product \(id) is missing from the name index") }
            _ = try await side.queries.findOutOfStockProducts(limit: 20)
            _ = try await side.queries.topRated()
            _ = try await side.queries.findRelatedProducts(id)
            count += 1
        }
        return count
    }

    @Test func rebuildUnderWritesAndQueriesSwitchesAtomically() async throws {
        try await ReadSide.with(partitions: 4) { side in
            let stop = Flag()
            let live = [side.projector("live-1"), side.projector("live-2")]
            try await side.running(live) {
                try await side.write(2000, products: 60)
                try await side.waitUntilCaughtUp()
                let before = try #require(try await side.admin.liveGeneration())
                let known = try await side.queries.findByName("", limit: 1000).map(\.id)
                #expect(known.count == 60)

                async let writing = side.write(1_000_000, products: 60, firstProductId: 1000, pause: .milliseconds(4), shouldStop: { stop.isSet })
                async let querying = queryContinuously(side, known: known, until: stop)
                let progress = Mutex<[RebuildProgress]>([])
                let report: RebuildReport
                do {
                    report = try await side.admin.rebuild(options: rebuildOptions()) { update in progress.withLock { $0.append(update) } }
                } catch {
                    stop.set()
                    _ = try? await (writing, querying)
                    throw error
                }
                try await Task.sleep(for: .milliseconds(300))  // writes and queries go on after the switch
                stop.set()
                let queries = try await querying
                let written = try await writing
                try await side.waitUntilCaughtUp()

                #expect(report.generation == ReadModelGeneration(before.number + 1))
                #expect(report.replaced == before)
                #expect(!report.resumed)
                #expect(try await side.admin.liveGeneration() == report.generation)
                #expect(try await side.admin.generations() == [report.generation: .live])
                var leftovers = 0
                try await side.readStore.scanAll(match: side.projection.layout.prefix(before) + ":*") { leftovers += $0.count }
                #expect(leftovers == 0, "the old generation is deleted")
                #expect(report.keysDeleted > 100)
                let updates = progress.withLock { $0 }
                #expect(updates.contains { $0.phase == .catchingUp || $0.phase == .switching })
                #expect(updates.contains { $0.phase == .deletingOldGeneration(before) })
                #expect(updates.last?.phase == .done)
                #expect(updates.contains { $0.eventsDone > 0 && $0.eventsTotal >= $0.eventsDone })
                #expect(queries > 10, "queries ran during the rebuild (\(queries))")
                #expect(written > 100, "writes ran during the rebuild (\(written))")
                #expect(live.allSatisfy { $0.statistics.generationSwitches == 1 }, "live projectors followed the switch")
            }
            try await side.expectClean("after the switch")
        }
    }

    /// Starts a rebuild and cancels it (Ctrl-C) once it has applied more than `events`.
    private func interruptRebuild(_ side: ReadSide, after events: Int64) async throws {
        let progressed = Flag()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                _ = try await side.admin.rebuild(options: rebuildOptions()) { if $0.eventsDone > events { progressed.set() } }
            }
            while !progressed.isSet { try await Task.sleep(for: .milliseconds(10)) }
            group.cancelAll()
            _ = try? await group.next()  // the cancelled rebuild's own error
        }
    }

    @Test func anInterruptedRebuildCanBeResumedOrAbandoned() async throws {
        try await ReadSide.with(partitions: 2) { side in
            try await side.write(1500, products: 40)
            try await side.running([side.projector("live")]) { try await side.waitUntilCaughtUp() }
            let live = try #require(try await side.admin.liveGeneration())
            let liveKeys = try await side.admin.verify()
            #expect(liveKeys.isClean)

            // Interrupt a rebuild as soon as it has made progress (Ctrl-C: task cancellation).
            try await interruptRebuild(side, after: 0)
            let building = try #require(try await side.admin.generations().first { $0.value == .building }?.key)
            #expect(try await side.admin.liveGeneration() == live, "the live generation is untouched")

            // Abandon: the building generation goes, the live one stays as it was.
            #expect(try await side.admin.abandonRebuild() == building)
            #expect(try await side.admin.generations() == [live: .live])
            #expect(try await side.admin.verify().isClean)

            // A new rebuild, interrupted, then resumed to the end.
            try await interruptRebuild(side, after: 300)
            let report = try await side.admin.rebuild(options: rebuildOptions())
            #expect(report.resumed)
            #expect(report.generation.number == building.number + 1)
            #expect(try await side.admin.liveGeneration() == report.generation)
            try await side.expectClean("after the resumed rebuild")
        }
    }
}
