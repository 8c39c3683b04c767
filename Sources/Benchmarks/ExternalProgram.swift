import Foundation

/// Runs another program (redis-benchmark, wrk) without blocking a cooperative thread:
/// the exit is awaited through the termination handler.
enum ExternalProgram {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `path` with `arguments` and returns its standard output.
    static func run(_ path: String, _ arguments: [String]) async throws -> String {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Failure(description: "\(path) is not installed; run `make setup`")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        // Read on a Dispatch queue while the program runs, so a full pipe never stalls it
        // and the blocking read holds no cooperative or event-loop thread.
        let reader = output.fileHandleForReading
        let collected = Task {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: reader.readDataToEndOfFile()) }
            }
        }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        let text = String(decoding: await collected.value, as: UTF8.self)
        guard status == 0 else {
            throw Failure(description: "\(path) \(arguments.joined(separator: " ")) exited with \(status): \(text.suffix(500))")
        }
        return text
    }
}
