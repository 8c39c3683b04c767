import ArgumentParser
import Benchmarks
import Foundation

struct BenchWriteStore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "write-store",
        abstract: "Append throughput against redis-benchmark running the same Function, and memory per event and per aggregate."
    )

    @Option(help: "Appends per throughput measurement.")
    var appends = 100_000

    @Option(help: "Concurrent writers, each on its own aggregate.")
    var writers = 64

    @Option(help: "Products in the memory measurement (10 events each).")
    var products = 100_000

    @Option(help: "Throughput measurements per side; the best is kept.")
    var rounds = 2

    func validate() throws {
        guard appends >= 1000, writers >= 1, writers <= appends else { throw ValidationError("--appends must be >= 1000 and >= --writers >= 1") }
        guard products >= 100 else { throw ValidationError("--products must be at least 100") }
        guard (1...10).contains(rounds) else { throw ValidationError("--rounds must be between 1 and 10") }
    }

    func run() async throws {
        let benchmark = WriteStoreBenchmark(appends: appends, writers: writers, products: products, rounds: rounds)
        let log: @Sendable (String) -> Void = { FileHandle.standardError.write(Data("bench: \($0)\n".utf8)) }
        let row = try await benchmark.throughput(progress: log)
        let memory = try await benchmark.memory(progress: log)
        print([row].markdownTable)
        print()
        print("| memory (\(memory.products) products x \(memory.eventsPerProduct) events, INFO used_memory deltas) | bytes | goal |")
        print("|---|---|---|")
        print("| per event, all in | \(Int(memory.bytesPerEvent.rounded())) | |")
        print("| per event, payload (JSON data) | \(Int(memory.payloadBytesPerEvent.rounded())) | |")
        print("| per event, overhead beyond the payload | \(Int(memory.overheadPerEvent.rounded())) | ≤ 150 \(memory.overheadPerEvent <= 150 ? "✔" : "✘") |")
        print("| per aggregate, beyond its events | \(Int(memory.bytesPerAggregate.rounded())) | ≤ 300 \(memory.bytesPerAggregate <= 300 ? "✔" : "✘") |")
        print("| per command record, until its TTL (default 24 h) | \(Int(memory.bytesPerCommandRecord.rounded())) | |")
    }
}
