import Benchmarks
import Testing

@Suite("bench command-path, small")
struct CommandPathBenchmarkTests {
    /// A small run against its own redis-server: every rating is applied (the benchmark
    /// throws on any other answer) and both sides report a rate and CPU.
    @Test func ratesAndCPUOfBothSides() async throws {
        let result = try await CommandPathBenchmark(commands: 2_000, rounds: 1, tasks: 10, products: 20).run { _ in }
        #expect(result.row.ours > 0 && result.row.reference > 0)
        #expect(result.commandCPU.serverMicroseconds > 0 && result.roundTripCPU.serverMicroseconds > 0)
        #expect(result.commandCPU.redisMicroseconds > 0)
    }
}
