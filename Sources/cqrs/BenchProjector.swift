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

    func validate() throws {
        guard events >= 1000 else { throw ValidationError("--events must be at least 1000") }
    }

    func run() async throws {
        let report = try await ProjectorBenchmark(events: events).run { FileHandle.standardError.write(Data("bench: \($0)\n".utf8)) }
        print(report.rows.markdownTable)
        print()
        print("Read store CPU per apply of this mix: \(String(format: "%.0f", report.readStoreMicrosecondsPerApply)) µs (INFO commandstats), a ceiling of \(Int(report.readStoreCeiling)) events/s on its one thread.")
    }
}
