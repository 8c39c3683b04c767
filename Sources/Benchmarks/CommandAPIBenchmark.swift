import EventSourcing
import EventStore
import Foundation
import LocalRedis
import ProductCatalog
import RedisClient

/// POST /products/{id}/ratings through wrk, against the constant `/health` route of
/// the same `cqrs command-api` process, in the same run.
public struct CommandAPIBenchmark: Sendable {
    /// The `cqrs` executable to run as `cqrs command-api` (this process's own binary).
    public var executable: String
    public var duration: Duration
    public var rounds: Int
    public var products: Int

    public init(executable: String, duration: Duration = .seconds(10), rounds: Int = 2, products: Int = 1000) {
        self.executable = executable
        self.duration = duration
        self.rounds = rounds
        self.products = products
    }

    public struct Result: Sendable, Codable {
        public let ratings: BenchmarkRow
        public let ratingsP50: Double
        public let ratingsP99: Double
        public let constantP50: Double
        public let constantP99: Double
        public let errors: Int
        /// CPU per request of the best run of each route.
        public let ratingsCPU: CPUAccount
        public let constantCPU: CPUAccount
    }

    public func run(progress: @Sendable (String) -> Void) async throws -> Result {
        try await RedisServer.with(RedisServerOptions(appendOnly: true, appendFsync: "everysec", label: "bench-api")) { server in
            let redis = RedisClient(server.configuration)
            defer { redis.close() }
            try await RedisEventStore.initialize(redis: redis, partitions: 16)
            let handler = CommandHandler<Product>(store: try await RedisEventStore.open(redis: redis))
            progress("seeding \(products) products")
            try await Self.addProducts(count: products, with: handler)
            let api = try await APIProcess.start(executable, ["command-api", "--write-url", server.url])
            defer { api.terminate() }
            let port = api.port

            let wrk = WrkTool(duration: duration)
            let redisCPU = ServerCPU(redis: redis)
            let pid = api.process.processIdentifier
            func measured(_ run: () async throws -> WrkTool.Result) async throws -> (WrkTool.Result, CPUAccount) {
                try await CPUAccount.measure(pid: pid, redis: redisCPU, run) { $0.requestsPerSecond * duration.secondsValue }
            }
            var bestConstant: (WrkTool.Result, CPUAccount)?
            var bestRatings: (WrkTool.Result, CPUAccount)?
            for round in 1...max(1, rounds) {
                progress("round \(round): wrk -t2 -c50 GET /health, then POST /products/{id}/ratings")
                let constant = try await measured { try await wrk.run("http://127.0.0.1:\(port)/health") }
                let ratings = try await measured { try await wrk.run("http://127.0.0.1:\(port)", script: Self.ratingsScript(products: products)) }
                if constant.0.requestsPerSecond > bestConstant?.0.requestsPerSecond ?? 0 { bestConstant = constant }
                if ratings.0.requestsPerSecond > bestRatings?.0.requestsPerSecond ?? 0 { bestRatings = ratings }
            }
            guard let (constant, constantCPU) = bestConstant, let (ratings, ratingsCPU) = bestRatings else {
                throw ExternalProgram.Failure(description: "no wrk result")
            }
            return Result(
                ratings: BenchmarkRow(
                    name: "POST /products/{id}/ratings (wrk -t2 -c50)", ours: ratings.requestsPerSecond,
                    reference: constant.requestsPerSecond, referenceName: "GET /health of the same server", goal: 0.4, unit: "req/s"),
                ratingsP50: ratings.p50Milliseconds, ratingsP99: ratings.p99Milliseconds,
                constantP50: constant.p50Milliseconds, constantP99: constant.p99Milliseconds, errors: ratings.errors,
                ratingsCPU: ratingsCPU, constantCPU: constantCPU
            )
        }
    }

    /// Products 1...`count`, each `Product <id>` at 9.99: what the command benchmarks rate.
    static func addProducts(count: Int, with handler: CommandHandler<Product>) async throws {
        for id in 1...count {
            _ = try await handler.handle(
                .addNewProduct(id: Int64(id), name: "Product \(id)", description: "", unitPrice: try Price(parsing: "9.99")),
                metadata: CommandMetadata(commandId: UUID()))
        }
    }

    /// Ratings by ever new users, spread over the seeded products.
    ///
    /// `init` formats each product's request head once; `request` appends a body. User
    /// ids have 13 digits, so every body, and the head's Content-Length, has one length.
    /// Formatting whole requests with `wrk.format` per call cost wrk about 1.5 µs more per
    /// request on this machine. Each thread and run takes users of its own.
    static func ratingsScript(products: Int) -> String {
        """
        wrk.method = "POST"
        wrk.headers["Content-Type"] = "application/json"
        local threads = 0
        function setup(thread)
          threads = threads + 1
          thread:set("thread_number", threads)
        end
        local heads = {}
        local next_user = 0
        local counter = 0
        function init(args)
          next_user = 1000000000000 + ((os.time() % 1000000) * 10 + thread_number) * 100000
          local length = #string.format('{"userId": %d, "rating": %d}', next_user, 1)
          for product = 1, \(products) do
            local request = wrk.format(nil, "/products/" .. product .. "/ratings", nil, string.rep(" ", length))
            heads[product] = string.sub(request, 1, #request - length)
          end
        end
        request = function()
          counter = counter + 1
          next_user = next_user + 1
          return heads[counter % \(products) + 1] .. '{"userId": ' .. next_user .. ', "rating": ' .. (counter % 5 + 1) .. '}'
        end
        """
    }
}
