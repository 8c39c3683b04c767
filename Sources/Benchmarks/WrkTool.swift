import Foundation

/// `wrk`, the HTTP load generator: `-t2 -c50 --latency` as the issues ask.
struct WrkTool {
    var path = "/usr/bin/wrk"
    var threads = 2
    var connections = 50
    var duration: Duration = .seconds(10)

    /// Throughput and latency of one wrk run.
    struct Result: Sendable, Codable {
        let requestsPerSecond: Double
        let p50Milliseconds: Double
        let p99Milliseconds: Double
        /// Non-2xx/3xx answers and socket errors wrk counted.
        let errors: Int
    }

    /// Loads `url`; `script` is an optional wrk Lua script (e.g. to POST).
    func run(_ url: String, script: String? = nil) async throws -> Result {
        var arguments = ["-t\(threads)", "-c\(connections)", "-d\(duration.components.seconds)s", "--latency"]
        var scriptPath: String?
        if let script {
            let path = NSTemporaryDirectory() + "cqrs-wrk-\(UUID().uuidString).lua"
            try script.write(toFile: path, atomically: true, encoding: .utf8)
            arguments += ["-s", path]
            scriptPath = path
        }
        defer { scriptPath.map { try? FileManager.default.removeItem(atPath: $0) } }
        return try Self.parse(try await ExternalProgram.run(path, arguments + [url]))
    }

    /// Reads `Requests/sec:`, the `50%` and `99%` latency lines, and error counts.
    static func parse(_ output: String) throws -> Result {
        var rps: Double?
        var p50: Double?
        var p99: Double?
        var errors = 0
        for line in output.split(whereSeparator: \.isNewline) {
            let words = line.split(whereSeparator: \.isWhitespace)
            guard let first = words.first else { continue }
            switch first {
            case "Requests/sec:": rps = words.dropFirst().first.flatMap { Double($0) }
            case "50%": p50 = words.dropFirst().first.flatMap(milliseconds)
            case "99%": p99 = words.dropFirst().first.flatMap(milliseconds)
            case "Non-2xx": errors += Int(words.last ?? "") ?? 0
            case "Socket":
                // "Socket errors: connect 0, read 0, write 0, timeout 0"
                errors += words.compactMap { Int($0.trimmingCharacters(in: [","])) }.reduce(0, +)
            default: break
            }
        }
        guard let rps, let p50, let p99 else {
            throw ExternalProgram.Failure(description: "no result in wrk output: \(output.prefix(400))")
        }
        return Result(requestsPerSecond: rps, p50Milliseconds: p50, p99Milliseconds: p99, errors: errors)
    }

    /// `812.00us`, `1.02ms`, `2.10s` in milliseconds.
    static func milliseconds(_ text: Substring) -> Double? {
        for (unit, factor) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0)] where text.hasSuffix(unit) {
            return Double(text.dropLast(unit.count)).map { $0 * factor }
        }
        return nil
    }
}
