import ArgumentParser
import Benchmarks
import Foundation

struct BenchCommandAPI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "command-api",
        abstract: "POST /products/{id}/ratings through wrk against GET /health of the same cqrs command-api process."
    )

    @Option(help: "Seconds per wrk run.")
    var seconds = 10

    @Option(help: "Rounds (constant route then ratings); the best of each is kept.")
    var rounds = 2

    func validate() throws {
        guard (1...120).contains(seconds) else { throw ValidationError("--seconds must be between 1 and 120") }
        guard (1...10).contains(rounds) else { throw ValidationError("--rounds must be between 1 and 10") }
    }

    func run() async throws {
        guard let executable = Bundle.main.executablePath else { throw CLIError("cannot find this executable's path") }
        let result = try await CommandAPIBenchmark(executable: executable, duration: .seconds(seconds), rounds: rounds)
            .run { FileHandle.standardError.write(Data("bench: \($0)\n".utf8)) }
        print([result.ratings].markdownTable)
        print()
        print("| latency | p50 | p99 |")
        print("|---|---|---|")
        print("| POST ratings | \(result.ratingsP50) ms | \(result.ratingsP99) ms |")
        print("| GET /health | \(result.constantP50) ms | \(result.constantP99) ms |")
        print()
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print("CPU per request (the machine's \(cores) cores give \(Int(Double(cores) * 1e6 / max(1, result.ratings.ours))) µs per POST at this rate): POST ratings: \(result.ratingsCPU.summary); GET /health: \(result.constantCPU.summary).")
        if result.errors > 0 { print("\nwrk counted \(result.errors) errors or non-2xx answers during the ratings run") }
    }
}
