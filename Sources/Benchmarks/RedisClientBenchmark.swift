import LocalRedis
import RedisClient

/// The client benchmark of `make bench`: our client against `redis-benchmark`, on
/// one fresh local redis-server, each pair measured back to back in one run.
public struct RedisClientBenchmark: Sendable {
    /// Commands per measurement.
    public var requests: Int
    /// Each pair is measured this many times; the best of each side is kept, since
    /// a shared 2-core machine only ever makes a run slower.
    public var rounds: Int
    /// Concurrent tasks for the explicit-pipeline measurement, and commands per pipeline.
    public var pipelineTasks: Int
    public var pipelineBatch: Int
    /// Connections in our client's pool.
    public var poolSize: Int

    public init(requests: Int = 200_000, rounds: Int = 3, pipelineTasks: Int = 4, pipelineBatch: Int = 256, poolSize: Int = 2) {
        self.requests = requests
        self.rounds = rounds
        self.pipelineTasks = pipelineTasks
        self.pipelineBatch = pipelineBatch
        self.poolSize = poolSize
    }

    /// Runs every comparison; `progress` gets a line per step.
    public func run(progress: @Sendable (String) -> Void) async throws -> [BenchmarkRow] {
        try await RedisServer.with(RedisServerOptions(label: "bench")) { server in
            var configuration = server.configuration
            configuration.poolSize = poolSize
            configuration.commandTimeout = .seconds(30)
            let client = RedisClient(configuration)
            defer { client.close() }
            let tool = RedisBenchmarkTool(port: server.port)
            let ours = ClientThroughput(client: client)
            try await client.hset("bench:hash", (1...6).map { ("field\($0)", RedisArgument.string("value-\($0)")) })

            var rows: [BenchmarkRow] = []
            progress("XADD, pipelined: ours (\(pipelineTasks) tasks x pipelines of \(pipelineBatch)) vs redis-benchmark -c 50 -P 16")
            rows.append(try await best(
                name: "XADD, explicit pipelines", referenceName: "redis-benchmark -c 50 -P 16", goal: 0.7,
                ours: { try await ours.pipelined(total: requests, tasks: pipelineTasks, batch: pipelineBatch) {
                    .xadd("bench:stream", fields: [("f", "v")])
                } },
                reference: { try await tool.requestsPerSecond(["XADD", "bench:stream", "*", "f", "v"], clients: 50, pipeline: 16, requests: requests) }
            ))
            _ = try await client.send(.del(["bench:stream"]))
            progress("HGETALL (6 fields), pipelined: ours vs redis-benchmark -c 50 -P 16")
            rows.append(try await best(
                name: "HGETALL 6 fields, explicit pipelines", referenceName: "redis-benchmark -c 50 -P 16", goal: 0.7,
                ours: { try await ours.pipelined(total: requests, tasks: pipelineTasks, batch: pipelineBatch) { .hgetall("bench:hash") } },
                reference: { try await tool.requestsPerSecond(["HGETALL", "bench:hash"], clients: 50, pipeline: 16, requests: requests) }
            ))
            progress("HGETALL, 50 tasks one command at a time (automatic pipelining) vs redis-benchmark -c 50 -P 1")
            rows.append(try await best(
                name: "HGETALL, 50 concurrent tasks, no explicit pipeline", referenceName: "redis-benchmark -c 50 -P 1", goal: 1.0,
                ours: { try await ours.oneAtATime(total: requests, tasks: 50) { .hgetall("bench:hash") } },
                reference: { try await tool.requestsPerSecond(["HGETALL", "bench:hash"], clients: 50, pipeline: 1, requests: requests) }
            ))
            return rows
        }
    }

    private func best(
        name: String, referenceName: String, goal: Double,
        ours: () async throws -> Double, reference: () async throws -> Double
    ) async throws -> BenchmarkRow {
        var bestOurs = 0.0
        var bestReference = 0.0
        for _ in 0..<max(1, rounds) {
            bestReference = max(bestReference, try await reference())
            bestOurs = max(bestOurs, try await ours())
        }
        return BenchmarkRow(name: name, ours: bestOurs, reference: bestReference, referenceName: referenceName, goal: goal, unit: "ops/s")
    }
}
