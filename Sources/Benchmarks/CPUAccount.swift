import Foundation

/// Where the machine's CPU went during a load run: our server process, redis-server,
/// and the rest (the load generator, mostly), in microseconds per request. On a
/// 2-core machine this shows what a route can reach at best.
public struct CPUAccount: Sendable, Codable, Hashable {
    public var serverMicroseconds: Double
    public var redisMicroseconds: Double
    public var restMicroseconds: Double

    /// The CPU seconds counters of one moment.
    struct Reading {
        var server: Double
        var redis: Double
        var machine: Double
    }

    /// `utime + stime` of a process, from `/proc/<pid>/stat`.
    static func processSeconds(pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let end = stat.lastIndex(of: ")") else { return 0 }
        // Fields after "comm)": state is field 3; utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Busy time of every core together, from the first line of `/proc/stat`.
    static func machineSeconds() -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = stat.split(separator: "\n").first else { return 0 }
        let ticks = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard ticks.count >= 5 else { return 0 }
        // user nice system idle iowait irq softirq steal...: busy is all but idle and iowait.
        return (ticks.reduce(0, +) - ticks[3] - ticks[4]) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Runs `body`, then accounts the CPU that process `pid`, the redis-server `redis`
    /// and the rest of the machine used over it, per request (`requests` of the result).
    static func measure<T>(
        pid: Int32, redis: ServerCPU, _ body: () async throws -> T, requests: (T) -> Double
    ) async throws -> (result: T, cpu: CPUAccount) {
        let start = Reading(server: processSeconds(pid: pid), redis: try await redis.seconds(), machine: machineSeconds())
        let result = try await body()
        let end = Reading(server: processSeconds(pid: pid), redis: try await redis.seconds(), machine: machineSeconds())
        return (result, CPUAccount(from: start, to: end, requests: requests(result)))
    }

    init(from start: Reading, to end: Reading, requests: Double) {
        let server = end.server - start.server
        let redis = end.redis - start.redis
        let rest = max(0, end.machine - start.machine - server - redis)
        let perRequest = requests > 0 ? 1e6 / requests : 0
        serverMicroseconds = server * perRequest
        redisMicroseconds = redis * perRequest
        restMicroseconds = rest * perRequest
    }

    /// `API 120 µs, redis-server 44 µs, rest (wrk) 26 µs`.
    public var summary: String {
        "our server \(Int(serverMicroseconds.rounded())) µs, redis-server \(Int(redisMicroseconds.rounded())) µs, the rest (wrk) \(Int(restMicroseconds.rounded())) µs"
    }
}
