import ArgumentParser
import Benchmarks

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the benchmarks and print their ratios.")
    func run() async throws {}
}
