import EventStore
import LocalRedis
import ProductReadModel
import ProjectorRuntime
import RedisClient

/// The query routes through wrk against the constant `/health` route of the same
/// `cqrs query-api` process, in the same run: one process with the near cache on (the
/// default) and one with it off (`--near-cache-size 0`), over read models that a real
/// projector made from a catalogue workload (products with names, stock and ratings).
public struct QueryAPIBenchmark: Sendable {
    /// The `cqrs` executable to run as `cqrs query-api` (this process's own binary).
    public var executable: String
    public var duration: Duration
    public var rounds: Int
    public var products: Int
    public var events: Int

    public init(executable: String, duration: Duration = .seconds(10), rounds: Int = 2, products: Int = 1000, events: Int = 20_000) {
        self.executable = executable
        self.duration = duration
        self.rounds = rounds
        self.products = products
        self.events = events
    }

    /// One route's best wrk run.
    public struct Measurement: Sendable, Codable {
        public let route: String
        public let requestsPerSecond: Double
        public let p50Milliseconds: Double
        public let p99Milliseconds: Double
        /// The p99 of the same process's `/health`.
        public let referenceP99Milliseconds: Double
        public let errors: Int
    }

    public struct Result: Sendable, Codable {
        public let rows: [BenchmarkRow]
        public let measurements: [Measurement]
    }

    /// What one process is loaded with, in order; the first is its reference.
    private struct Load {
        let route: String
        let path: String
        var script: String?
        var goal: Double = 0
    }

    public func run(progress: @escaping @Sendable (String) -> Void) async throws -> Result {
        try await RedisServer.with(RedisServerOptions(label: "bench-query")) { server in
            try await seed(server, progress: progress)
            let cached = try await APIProcess.start(executable, ["query-api", "--write-url", server.url])
            defer { cached.terminate() }
            let uncached = try await APIProcess.start(executable, ["query-api", "--write-url", server.url, "--near-cache-size", "0"])
            defer { uncached.terminate() }
            let plans = [(cached, loads(label: "")), (uncached, loads(label: ", near cache off"))]
            let wrk = WrkTool(duration: duration)
            var best: [String: WrkTool.Result] = [:]
            for round in 1...max(1, rounds) {
                for (api, loads) in plans {
                    for load in loads {
                        progress("round \(round): wrk -t2 -c50 \(load.route)")
                        let result = try await wrk.run(api.baseURL + load.path, script: load.script)
                        if result.requestsPerSecond > best[load.route]?.requestsPerSecond ?? 0 { best[load.route] = result }
                    }
                }
            }
            var rows: [BenchmarkRow] = []
            var measurements: [Measurement] = []
            for (_, loads) in plans {
                guard let reference = best[loads[0].route] else { continue }
                for load in loads {
                    guard let result = best[load.route] else { continue }
                    measurements.append(Measurement(
                        route: load.route, requestsPerSecond: result.requestsPerSecond,
                        p50Milliseconds: result.p50Milliseconds, p99Milliseconds: result.p99Milliseconds,
                        referenceP99Milliseconds: reference.p99Milliseconds, errors: result.errors))
                    guard load.route != loads[0].route else { continue }
                    rows.append(BenchmarkRow(
                        name: "\(load.route) (wrk -t2 -c50)", ours: result.requestsPerSecond, reference: reference.requestsPerSecond,
                        referenceName: "\(loads[0].route) of the same server", goal: load.goal, unit: "req/s"))
                }
            }
            return Result(rows: rows, measurements: measurements)
        }
    }

    /// The runs against one process: `/health` first (the reference), then each route.
    private func loads(label: String) -> [Load] {
        [
            Load(route: "GET /health\(label)", path: "/health"),
            Load(route: "GET /products/{id}\(label)", path: "", script: Self.script(products: products, route: .product), goal: 0.75),
            Load(route: "GET /products?name=\(label)", path: "", script: Self.script(products: products, route: .name), goal: 0.5),
            Load(route: "GET /products/{id}/related\(label)", path: "", script: Self.script(products: products, route: .related), goal: 0.5),
        ]
    }

    /// Products with names, stock and ratings (ids 1...products), projected by a real
    /// projector until it has caught up.
    private func seed(_ server: RedisServer, progress: @escaping @Sendable (String) -> Void) async throws {
        let redis = RedisClient(server.configuration)
        defer { redis.close() }
        try await RedisEventStore.initialize(redis: redis, partitions: 16)
        progress("writing \(events) events for \(products) products")
        var workload = CatalogWorkload(products: products, users: products / 5, writers: 8)
        workload.ratingShare = 0.5
        try await workload.append(events: events, to: try await RedisEventStore.open(redis: redis))
        progress("projecting")
        let projection = ProductProjection()
        let projector = Projector(
            projection: projection, writeStore: redis, readStore: redis,
            configuration: ProjectorConfiguration(consumer: "bench-query"), logger: .init(label: "bench"))
        let admin = ProjectionAdmin(projection: projection, writeStore: redis, readStore: redis, logger: .init(label: "bench"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await projector.run() }
            try await admin.waitUntilCaughtUp(timeout: .seconds(3600), interval: .milliseconds(50))
            projector.stop()
            try await group.waitForAll()
        }
    }

    enum Route { case product, name, related }

    /// A wrk script cycling through the products (or name prefixes).
    static func script(products: Int, route: Route) -> String {
        let path: String
        switch route {
        case .product:
            path = #""/products/" .. ((counter % \#(products)) + 1)"#
        case .related:
            path = #""/products/" .. ((counter % \#(products)) + 1) .. "/related?limit=10""#
        case .name:
            path = #""/products?name=" .. prefixes[(counter % #prefixes) + 1]"#
        }
        return """
        local counter = 0
        local prefixes = { "lamp", "chair", "desk", "chair+1", "desk+2", "lampe+3", "stra%C3%9Fe" }
        request = function()
          counter = counter + 1
          return wrk.format(nil, \(path))
        end
        """
    }
}
