import ArgumentParser
import Benchmarks
import Foundation

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the benchmarks against local redis-servers they start, and print the ratios.",
        discussion: """
        Every figure is a ratio against a reference measured in the same run on the same \
        machine (redis-benchmark, or a bare HTTP route), since absolute numbers on a shared \
        machine mean little. Needs redis-server and redis-benchmark (`make setup`).
        """,
        subcommands: [ClientBench.self, BenchWriteStore.self, BenchCommandAPI.self, BenchCommandPath.self, BenchQueryAPI.self, BenchProjector.self, BenchLag.self],
        defaultSubcommand: ClientBench.self
    )
}

struct ClientBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client",
        abstract: "Our Redis client against redis-benchmark: pipelined XADD and HGETALL, and 50 concurrent tasks."
    )

    @Option(help: "Commands per measurement.")
    var requests = 200_000

    @Option(help: "Measurements per comparison; the best of each side is kept.")
    var rounds = 3

    @Option(help: "Connections in the client's pool.")
    var poolSize = 2

    @Option(help: "Concurrent tasks sending explicit pipelines.")
    var pipelineTasks = 4

    @Option(help: "Commands per explicit pipeline.")
    var pipelineBatch = 256

    @Flag(help: "Print the rows as JSON instead of a table.")
    var json = false

    func validate() throws {
        guard requests >= 1000 else { throw ValidationError("--requests must be at least 1000") }
        guard (1...20).contains(rounds) else { throw ValidationError("--rounds must be between 1 and 20") }
        guard (1...64).contains(poolSize) else { throw ValidationError("--pool-size must be between 1 and 64") }
        guard pipelineTasks >= 1, pipelineBatch >= 1 else { throw ValidationError("--pipeline-tasks and --pipeline-batch must be at least 1") }
    }

    func run() async throws {
        let benchmark = RedisClientBenchmark(
            requests: requests, rounds: rounds, pipelineTasks: pipelineTasks, pipelineBatch: pipelineBatch, poolSize: poolSize
        )
        let rows = try await benchmark.run { line in
            FileHandle.standardError.write(Data("bench: \(line)\n".utf8))
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(rows), as: UTF8.self))
        } else {
            print(rows.markdownTable)
        }
    }
}
