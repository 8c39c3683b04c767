import ProjectorRuntime
import Testing

@Suite("Competing projector instances")
struct OrderingTests {
    @Test func twoInstancesOnOnePartitionApplyEveryEventOnceAndInOrder() async throws {
        try await ReadSide.with(partitions: 1) { side in
            // Small batches, so consecutive versions of one product land in both instances.
            let instances = [side.projector("a") { $0.batchSize = 8 }, side.projector("b") { $0.batchSize = 8 }]
            let written = try await side.running(instances) {
                let written = try await side.write(3000, products: 10, users: 6, writers: 10)
                try await side.waitUntilCaughtUp()
                return written
            }
            try await side.expectClean()
            let statistics = instances.map(\.statistics)
            #expect(statistics.allSatisfy { $0.applied > 0 }, "both instances applied events: \(statistics)")
            #expect(statistics.reduce(0) { $0 + $1.applied + $1.gapEventsFilled } == written, "each version applied exactly once: \(statistics)")
            #expect(statistics.reduce(0) { $0 + $1.gapEventsFilled } > 0, "the instances raced on the same products: \(statistics)")
        }
    }
}
