import CommandAPI
import EventSourcing
import EventStore
import Foundation
import LocalRedis
import ProductCatalog
import RedisClient

/// The command path without HTTP: ratings by ever new users submitted to a
/// ``CommandService`` from concurrent tasks in this process (decode, the per-product gate,
/// decide on the cached state, the append's one round trip, the cache and metrics),
/// against the same tasks decoding the same bodies and sending a PING instead of the
/// command: the bare round trip through the same client. Both on one fresh AOF write
/// store. Reports the CPU this process and redis-server spent per command, which the
/// HTTP benchmark can only show mixed with the HTTP server's.
public struct CommandPathBenchmark: Sendable {
    /// Commands (and PINGs) per round.
    public var commands: Int
    public var rounds: Int
    public var tasks: Int
    public var products: Int

    public init(commands: Int = 100_000, rounds: Int = 3, tasks: Int = 50, products: Int = 1000) {
        self.commands = commands
        self.rounds = rounds
        self.tasks = tasks
        self.products = products
    }

    public struct Result: Sendable, Codable {
        /// Commands per second against decodes + PINGs per second, best rounds.
        public let row: BenchmarkRow
        /// CPU per command, and per decode + PING (best rounds): this process is the
        /// account's "server"; its "rest" is the machine's other load.
        public let commandCPU: CPUAccount
        public let roundTripCPU: CPUAccount
    }

    /// One round's rate and CPU.
    struct Round {
        var perSecond: Double
        var cpu: CPUAccount
    }

    public func run(progress: @Sendable (String) -> Void) async throws -> Result {
        try await RedisServer.with(RedisServerOptions(appendOnly: true, appendFsync: "everysec", label: "bench-path")) { server in
            let redis = RedisClient(server.configuration)
            defer { redis.close() }
            try await RedisEventStore.initialize(redis: redis, partitions: 16)
            let service = CommandService(handler: CommandHandler<Product>(store: try await RedisEventStore.open(redis: redis)))
            progress("seeding \(products) products")
            try await CommandAPIBenchmark.addProducts(count: products, with: service.handler)
            let cpu = ServerCPU(redis: redis)
            var commandRounds: [Round] = []
            var roundTripRounds: [Round] = []
            for round in 1...max(1, rounds) {
                progress("round \(round): \(commands) ratings from \(tasks) tasks, then as many decodes + PINGs")
                commandRounds.append(try await measure(round: round, redisCPU: cpu) { submission in
                    let result = await service.submit(submission)
                    guard result.succeeded else { throw ExternalProgram.Failure(description: "a rating answered \(result.status): \(result.body)") }
                })
                roundTripRounds.append(try await measure(round: round, redisCPU: cpu) { submission in
                    _ = try submission.decode()
                    _ = try await redis.send(.ping())
                })
            }
            // The fastest round of each: a shared machine only ever makes one slower.
            let command = commandRounds.max { $0.perSecond < $1.perSecond }!
            let roundTrip = roundTripRounds.max { $0.perSecond < $1.perSecond }!
            return Result(
                row: BenchmarkRow(
                    name: "RateProduct through CommandService, \(tasks) tasks, no HTTP", ours: command.perSecond,
                    reference: roundTrip.perSecond, referenceName: "decode + PING from the same tasks", goal: 0, unit: "commands/s"),
                commandCPU: command.cpu, roundTripCPU: roundTrip.cpu)
        }
    }

    /// Runs `body` on `commands` rating submissions spread over `tasks` tasks (users new in
    /// every round and run), and reads the rate and the CPU per submission.
    private func measure(
        round: Int, redisCPU: ServerCPU, _ body: @escaping @Sendable (CommandSubmission) async throws -> Void
    ) async throws -> Round {
        let perTask = max(1, commands / tasks)
        let (products, tasks) = (self.products, self.tasks)
        let firstUser = 1_000_000_000_000 + Int64(round) * 100_000_000 + Int64.random(in: 0..<1000) * 100_000_000_000
        let count = Double(perTask * tasks)
        let (elapsed, cpu) = try await CPUAccount.measure(pid: getpid(), redis: redisCPU, {
            let start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<tasks {
                    group.addTask {
                        for index in 0..<perTask {
                            let user = firstUser + Int64(task * perTask + index)
                            try await body(CommandSubmission(
                                kind: .rateProduct, transport: .http, pathProductId: String((task * 97 + index) % products + 1),
                                body: Array("{\"userId\": \(user), \"rating\": \(index % 5 + 1)}".utf8)))
                        }
                    }
                }
                try await group.waitForAll()
            }
            return (ContinuousClock.now - start).secondsValue
        }, requests: { _ in count })
        return Round(perSecond: count / elapsed, cpu: cpu)
    }
}
