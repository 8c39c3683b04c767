import ProjectorRuntime
import Testing

@Suite("Competing projector instances")
struct OrderingTests {
    @Test func twoInstancesOnOnePartitionApplyEveryEventOnceAndInOrder() async throws {
        try await ReadSide.with(partitions: 1) { side in
            // Small batches, so consecutive versions of one product land in both instances.
            let instances = [side.projector("a") { $0.batchSize = 8 }, side.projector("b") { $0.batchSize = 8 }]
            // A backlog first: both instances then read full batches of the same products at
            // once, so they race even when a loaded machine slows the live writes down;
            // then live writes to ten more products while both run.
            let backlog = try await side.write(1500, products: 10, users: 6, writers: 10)
            let written = try await side.running(instances) {
                let written = try await side.write(1500, products: 10, firstProductId: 11, users: 6, writers: 10)
                try await side.waitUntilCaughtUp()
                return backlog + written
            }
            try await side.expectClean()
            let statistics = instances.map(\.statistics)
            #expect(statistics.allSatisfy { $0.applied > 0 }, "both instances applied events: \(statistics)")
            #expect(statistics.reduce(0) { $0 + $1.applied + $1.gapEventsFilled } == written, "each version applied exactly once: \(statistics)")
            #expect(statistics.reduce(0) { $0 + $1.gapEventsFilled } > 0, "the instances raced on the same products: \(statistics)")
        }
    }
}
