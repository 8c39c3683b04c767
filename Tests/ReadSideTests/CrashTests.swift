import Foundation
import LocalRedis
import Testing

@Suite("Projector processes killed with kill -9")
struct CrashTests {
    /// 20,000 events by default; `CQRS_LONG_TESTS=1` runs the full 100,000
    /// (`CQRS_CRASH_EVENTS` sets any count).
    static var events: Int {
        let environment = ProcessInfo.processInfo.environment
        if let count = environment["CQRS_CRASH_EVENTS"].flatMap(Int.init) { return count }
        return environment["CQRS_LONG_TESTS"] == "1" ? 100_000 : 20_000
    }

    @Test func threeProcessesSurviveRepeatedKillsWithoutLossOrDoubleApply() async throws {
        try await ReadSide.with(partitions: 4, relatedRatingsPerUser: 5) { side in
            let logs = try RedisServer.makeTemporaryDirectoryForTests()
            let environment = [
                "CQRS_WRITE_URL": side.writeServer.url, "CQRS_READ_URL": side.readServer.url,
                "CQRS_CLAIM_IDLE_MS": "1000", "CQRS_BATCH_SIZE": "128", "CQRS_RELATED_LIMIT": "5", "CQRS_LOG_LEVEL": "warning",
            ]
            let processes = (1...3).map { ProjectorProcess(consumer: "crash-\($0)", environment: environment, logDirectory: logs) }
            for process in processes { try process.start() }
            let writing = Flag()
            async let written = { () async throws -> Int in
                defer { writing.set() }
                return try await side.write(Self.events, products: 500, users: 200, writers: 8)
            }()

            // Kill one at random moments while the events pour in, at least 10 times.
            var kills = 0
            while kills < 10 || !writing.isSet {
                try await Task.sleep(for: .milliseconds(Int.random(in: 100...500)))
                let victim = processes.randomElement()!
                await victim.kill()
                kills += 1
                try victim.start()
            }
            let count = try await written
            do {
                try await side.waitUntilCaughtUp(timeout: .seconds(90))
            } catch {
                throw TestFailure("\(error)\n" + processes.map { "\($0.consumer):\n\($0.logTail)" }.joined(separator: "\n"))
            }
            let alive = processes.filter(\.isRunning).count
            #expect(alive == 3, "no process died by itself")
            for process in processes { await process.terminate() }

            #expect(kills >= 10)
            #expect(try await side.admin.lag().eventsInLogs == Int64(count))
            try await side.expectClean("after \(kills) kills during \(count) events")
            #expect(try await side.admin.deadLetters().isEmpty)
            try? FileManager.default.removeItem(atPath: logs)
        }
    }
}

extension RedisServer {
    /// A fresh temp dir for process logs.
    static func makeTemporaryDirectoryForTests() throws -> String {
        let path = NSTemporaryDirectory() + "cqrs-projectors-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
