import ArgumentParser
import Benchmarks
import Foundation

struct BenchQueryAPI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query-api",
        abstract: "GET /products/{id}, name search and related products through wrk against GET /health of the same cqrs query-api process, with the near cache on and off."
    )

    @Option(help: "Seconds per wrk run.")
    var seconds = 10

    @Option(help: "Rounds over every route; the best of each route is kept.")
    var rounds = 2

    @Option(help: "Products in the read models.")
    var products = 1000

    @Option(help: "Events written (half of them ratings) and projected before the runs.")
    var events = 20_000

    func validate() throws {
        guard (1...120).contains(seconds) else { throw ValidationError("--seconds must be between 1 and 120") }
        guard (1...10).contains(rounds) else { throw ValidationError("--rounds must be between 1 and 10") }
        guard products >= 10, events >= products else { throw ValidationError("--products must be at least 10 and --events at least --products") }
    }

    func run() async throws {
        guard let executable = Bundle.main.executablePath else { throw CLIError("cannot find this executable's path") }
        let result = try await QueryAPIBenchmark(
            executable: executable, duration: .seconds(seconds), rounds: rounds, products: products, events: events
        ).run { FileHandle.standardError.write(Data("bench: \($0)\n".utf8)) }
        print(result.rows.markdownTable)
        print()
        print("| route | req/s | p50 | p99 | p99 / p99 of /health | errors |")
        print("|---|---|---|---|---|---|")
        for row in result.measurements {
            let p99Ratio = row.referenceP99Milliseconds > 0 ? row.p99Milliseconds / row.referenceP99Milliseconds : 0
            print("| \(row.route) | \(Int(row.requestsPerSecond.rounded())) | \(row.p50Milliseconds) ms | \(row.p99Milliseconds) ms | \((p99Ratio * 100).rounded() / 100)× | \(row.errors) |")
        }
    }
}
