import ArgumentParser
import Benchmarks
import Foundation

struct BenchCommandPath: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "command-path",
        abstract: "Ratings through CommandService in this process (no HTTP) against decodes + PINGs from the same tasks, with the CPU per command."
    )

    @Option(help: "Commands (and PINGs) per round.")
    var commands = 100_000

    @Option(help: "Rounds; the fastest of each side is kept.")
    var rounds = 3

    @Option(help: "Concurrent tasks submitting.")
    var tasks = 50

    func validate() throws {
        guard (1_000...10_000_000).contains(commands) else { throw ValidationError("--commands must be between 1000 and 10000000") }
        guard (1...10).contains(rounds) else { throw ValidationError("--rounds must be between 1 and 10") }
        guard (1...1_000).contains(tasks) else { throw ValidationError("--tasks must be between 1 and 1000") }
    }

    func run() async throws {
        let result = try await CommandPathBenchmark(commands: commands, rounds: rounds, tasks: tasks)
            .run { FileHandle.standardError.write(Data("bench: \($0)\n".utf8)) }
        print([result.row].markdownTable)
        print()
        let format = { (value: Double) in String(format: "%.1f", value) }
        print("CPU per command: this process \(format(result.commandCPU.serverMicroseconds)) µs (a decode + PING: \(format(result.roundTripCPU.serverMicroseconds)) µs), redis-server \(format(result.commandCPU.redisMicroseconds)) µs.")
    }
}
