import Foundation
import LocalRedis
import Testing

@Suite("cqrs command-api / command-worker: bad command settings")
struct CommandHandlerOptionsTests {
    /// Each bad value stops the process with a message naming the setting, before it
    /// connects to anything (no store is running here).
    @Test(arguments: [
        (["command-api", "--idempotency-ttl", "0"], [:], "--idempotency-ttl must be from 1 to 315360000 seconds"),
        (["command-worker", "--idempotency-ttl", "315360001"], [:], "--idempotency-ttl must be from 1 to 315360000 seconds"),
        (["command-api"], ["CQRS_IDEMPOTENCY_TTL": "a day"], "CQRS_IDEMPOTENCY_TTL must be an integer, got 'a day'"),
        (["command-worker", "--snapshot-every=-1"], [:], "--snapshot-every must be 0 (never) or more, got -1"),
        (["command-worker", "--result-ttl", "0"], [:], "--result-ttl must be from 1 to 315360000 seconds"),
    ] as [([String], [String: String], String)])
    func refusedWithAMessage(arguments: [String], environment: [String: String], message: String) async throws {
        let log = NSTemporaryDirectory() + "cqrs-options-\(UUID().uuidString).log"
        defer { try? FileManager.default.removeItem(atPath: log) }
        var env = environment
        env["CQRS_WRITE_URL"] = "redis://127.0.0.1:1"  // nothing listens: a setting checked late would fail differently
        let process = try ChildProcess.spawn(try ChildProcess.builtProduct("cqrs"), arguments, environment: env, outputPath: log)
        let deadline = ContinuousClock.now + .seconds(20)
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(!process.isRunning, "still running: \(output)")
        #expect(process.exitCode.map { $0 != 0 } == true, "exit \(String(describing: process.exitCode)): \(output)")
        #expect(output.contains(message), "\(output)")
        #expect(!output.contains("cannot connect"), "\(output)")
        await process.stop()
    }
}
