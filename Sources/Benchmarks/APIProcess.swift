import Foundation
import LocalRedis
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One of our HTTP servers (`cqrs command-api`, `cqrs query-api`) run as its own process
/// for a benchmark, on a random port; terminate it when done.
struct APIProcess {
    let process: Process
    let port: Int

    /// Starts `executable arguments... --port <port>` and waits until `/health` answers.
    static func start(_ executable: String, _ arguments: [String]) async throws -> APIProcess {
        let port = freeLoopbackPort() ?? Int.random(in: 40_000..<44_000)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments + ["--port", String(port)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let api = APIProcess(process: process, port: port)
        do {
            try await api.waitForHealth()
        } catch {
            api.terminate()
            throw error
        }
        return api
    }

    /// `http://127.0.0.1:<port>`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    func terminate() {
        process.terminate()
    }

    private func waitForHealth() async throws {
        let url = URL(string: "\(baseURL)/health")!
        for _ in 0..<200 {
            // Our process must still run: if it could not bind, whatever answers is not ours.
            guard process.isRunning else {
                throw ExternalProgram.Failure(description: "\(process.arguments?.first ?? "the API") exited at start (port \(port) taken?)")
            }
            if let (_, response) = try? await URLSession.shared.data(from: url), (response as? HTTPURLResponse)?.statusCode == 200 {
                try await Task.sleep(for: .milliseconds(100))
                if process.isRunning { return }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ExternalProgram.Failure(description: "\(process.arguments?.first ?? "the API") did not answer /health on port \(port) within 10 s")
    }
}
