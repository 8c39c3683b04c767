import Benchmarks
import Foundation
import Testing

@Suite("Projector benchmark")
struct BenchmarkTests {
    /// A small run by default, to keep the benchmark working; `CQRS_BENCH_EVENTS=50000`
    /// (in a release build) gives figures worth reading.
    @Test func theBenchmarkMeasuresInstancesReferenceAndRebuild() async throws {
        let events = ProcessInfo.processInfo.environment["CQRS_BENCH_EVENTS"].flatMap(Int.init) ?? 2000
        let benchmark = ProjectorBenchmark(events: events, partitions: 4, referenceRequests: max(20_000, events * 4), rebuildEvents: events * 2)
        let report = try await benchmark.run()
        #expect(report.events == events)
        #expect(Set(report.eventsPerSecond.keys) == [1, 2, 4])
        #expect(report.eventsPerSecond.values.allSatisfy { $0 > 0 })
        #expect(report.applyFunctionReference > 0)
        #expect(report.rebuildEventsPerSecond > 0)
        #expect(report.rebuildEvents >= events * 2 - 10, "more events were appended for the rebuild")
        #expect(report.liveOnRebuildLogEventsPerSecond > 0, "the rebuild's log was projected live too, for its reference")
        #expect(report.readStoreCPU.keys.sorted() == [1, 2, 4] && report.referenceReadStoreCPU > 0, "each redis-server's CPU share was measured")
        #expect(report.sameWorkEventsPerSecond > 0, "the same-work run (ProductAdded only) was measured")
        #expect(report.rows.count == 6)
        #expect(report.rows.first?.goal == 0.5, "the goal sits on the same-work row")
        #expect(report.readStoreMicrosecondsPerApply > 0)
        if ProcessInfo.processInfo.environment["CQRS_BENCH_EVENTS"] != nil { print(report.rows.markdownTable) }
    }
}
