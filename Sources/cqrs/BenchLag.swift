import ArgumentParser
import Benchmarks
import Foundation

struct BenchLag: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lag",
        abstract: "End-to-end lag: from a command's success to the change being visible to a query, at half the maximum command rate."
    )

    @Option(help: "Seconds of paced load.")
    var seconds = 10

    @Option(help: "The read store's appendfsync: everysec (as deploy/redis/read-store.conf) or always.")
    var readFsync = "everysec"

    func validate() throws {
        guard (1...300).contains(seconds) else { throw ValidationError("--seconds must be between 1 and 300") }
        guard ["always", "everysec"].contains(readFsync) else { throw ValidationError("--read-fsync must be always or everysec") }
    }

    func run() async throws {
        let result = try await EndToEndLagBenchmark(seconds: seconds, readFsync: readFsync).run { FileHandle.standardError.write(Data("bench: \($0)\n".utf8)) }
        print("| end-to-end lag (read store appendfsync \(readFsync)) | value | goal |")
        print("|---|---|---|")
        print("| maximum command rate (16 writers) | \(Int(result.maximumRate)) commands/s | |")
        print("| paced rate | \(Int(result.rate)) commands/s | half the maximum |")
        print(String(format: "| lag p50 | %.2f ms | |", result.p50Milliseconds))
        print(String(format: "| lag p99 | %.2f ms | ≤ 10 ms %@ |", result.p99Milliseconds, result.p99Milliseconds <= 10 ? "✔" : "✘"))
        print(String(format: "| lag max (%d samples) | %.2f ms | |", result.samples, result.maxMilliseconds))
    }
}
