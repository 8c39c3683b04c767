import Foundation
import LocalRedis
import Synchronization

/// A `cqrs projector` process (the real executable) run by a test: started,
/// killed with SIGKILL, restarted under the same consumer name, stopped with SIGTERM.
final class ProjectorProcess: Sendable {
    let consumer: String
    private let environment: [String: String]
    private let logPath: String
    private let process: Mutex<ChildProcess?> = Mutex(nil)

    init(consumer: String, environment: [String: String], logDirectory: String) {
        self.consumer = consumer
        self.environment = environment.merging(["CQRS_CONSUMER": consumer]) { $1 }
        self.logPath = "\(logDirectory)/\(consumer).log"
    }

    func start() throws {
        let child = try ChildProcess.spawn(try ChildProcess.builtProduct("cqrs"), ["projector"], environment: environment, outputPath: logPath)
        process.withLock { $0 = child }
    }

    /// SIGKILL, as a crash: whatever it had read but not acknowledged stays pending.
    func kill() async {
        await signal(SIGKILL)
    }

    /// SIGTERM: a graceful stop (the current batch finishes).
    func terminate() async {
        await signal(SIGTERM)
    }

    var isRunning: Bool { process.withLock { $0 }?.isRunning ?? false }

    /// The end of the process's log, for failure messages.
    var logTail: String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(10).joined(separator: "\n")
    }

    private func signal(_ number: Int32) async {
        await process.withLock({ $0 })?.stop(number)
    }
}
