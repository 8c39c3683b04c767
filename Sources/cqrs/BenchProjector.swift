import ArgumentParser
import Benchmarks
import Foundation

struct BenchProjector: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projector",
        abstract: "Events applied per second by 1, 2 and 4 projector instances and by a rebuild, against redis-benchmark running the apply function."
    )

    @Option(help: "Events in the log (a catalogue mix: products, inventory, shipments, 40% ratings).")
    var events = 50_000

    @Option(help: "Events in the log for the rebuild: more of the same mix is appended first (on new products).")
    var rebuildEvents = 1_000_000

    func validate() throws {
        guard events >= 1000 else { throw ValidationError("--events must be at least 1000") }
    }

    func run() async throws {
        let report = try await ProjectorBenchmark(events: events, rebuildEvents: rebuildEvents).run { FileHandle.standardError.write(Data("bench: \($0)\n".utf8)) }
        print(report.rows.markdownTable)
        print()
        let percent = { (share: Double) in "\(Int((share * 100).rounded()))%" }
        print("redis-server CPU (share of one core): read store \(percent(report.sameWorkReadStoreCPU)) in the ProductAdded-only run, \(percent(report.referenceReadStoreCPU)) under redis-benchmark; "
            + report.readStoreCPU.keys.sorted().map { "\($0) instance(s) on the mix: read store \(percent(report.readStoreCPU[$0] ?? 0)), write store \(percent(report.writeStoreCPU[$0] ?? 0))" }.joined(separator: "; ") + "; rebuild: read store \(percent(report.rebuildReadStoreCPU)).")
        print("Gap fills (events a second instance applied early, out of \(report.events)): " + report.gapEventsFilled.keys.sorted().map { "\($0) instance(s) \(report.gapEventsFilled[$0] ?? 0)" }.joined(separator: ", ") + ".")
        print("Read store CPU per apply of this mix: \(String(format: "%.0f", report.readStoreMicrosecondsPerApply)) µs (INFO commandstats), a ceiling of \(Int(report.readStoreCeiling)) events/s on its one thread.")
    }
}
