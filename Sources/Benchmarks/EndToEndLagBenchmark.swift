import EventSourcing
import EventStore
import Foundation
import LocalRedis
import ProductCatalog
import ProductReadModel
import ProjectorRuntime
import RedisClient
import Synchronization

/// The time from a command's success to its change being visible to a query, at half
/// the maximum command rate: commands through `CommandHandler` on a write store, one
/// real `Projector`, queries through `ProductQueries` on a separate read store.
///
/// A command has succeeded when its append returns (where the HTTP API answers 2xx).
/// Every tenth command is a probe: its writer then polls `findById` every 0.2 ms until
/// the read model shows the command's version.
public struct EndToEndLagBenchmark: Sendable {
    public var products: Int
    public var writers: Int
    public var seconds: Int
    /// The read store's `appendfsync`: `everysec` as deploy/redis/read-store.conf, or `always`.
    public var readFsync: String

    public init(products: Int = 200, writers: Int = 16, seconds: Int = 10, readFsync: String = "everysec") {
        self.products = products
        self.writers = writers
        self.seconds = seconds
        self.readFsync = readFsync
    }

    public struct Result: Sendable, Codable {
        public let maximumRate: Double
        public let rate: Double
        public let samples: Int
        public let p50Milliseconds: Double
        public let p99Milliseconds: Double
        public let maxMilliseconds: Double
    }

    public func run(progress: @escaping @Sendable (String) -> Void) async throws -> Result {
        try await RedisServer.with(RedisServerOptions(appendOnly: true, appendFsync: "everysec", label: "bench-lag-write")) { writeServer in
            try await RedisServer.with(RedisServerOptions(appendOnly: true, appendFsync: readFsync, label: "bench-lag-read")) { readServer in
                let writeStore = RedisClient(writeServer.configuration)
                let readStore = RedisClient(readServer.configuration)
                defer { writeStore.close(); readStore.close() }
                try await RedisEventStore.initialize(redis: writeStore, partitions: 16)
                let handler = CommandHandler<Product>(store: try await RedisEventStore.open(redis: writeStore))
                for id in 1...products {
                    _ = try await handler.handle(.addNewProduct(id: Int64(id), name: "Product \(id)", description: "", unitPrice: try Price(parsing: "1")), metadata: CommandMetadata(commandId: UUID()))
                }
                let projector = Projector(
                    projection: ProductProjection(), writeStore: writeStore, readStore: readStore,
                    configuration: ProjectorConfiguration(consumer: "lag-bench"), logger: .init(label: "bench")
                )
                let queries = ProductQueries(redis: readStore)
                return try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await projector.run() }
                    defer { group.cancelAll() }
                    progress("measuring the maximum command rate (\(writers) writers, 3 s)")
                    let maximum = try await drive(handler, queries: nil, rate: nil, duration: .seconds(3)).rate
                    progress("measuring lag at half of \(Int(maximum)) commands/s for \(seconds) s")
                    let paced = try await drive(handler, queries: queries, rate: maximum / 2, duration: .seconds(seconds))
                    let lags = paced.lags.sorted()
                    guard !lags.isEmpty else { throw ExternalProgram.Failure(description: "no lag samples") }
                    func percentile(_ p: Double) -> Double { lags[min(lags.count - 1, Int(Double(lags.count) * p))] }
                    return Result(maximumRate: maximum, rate: paced.rate, samples: lags.count,
                                  p50Milliseconds: percentile(0.5), p99Milliseconds: percentile(0.99), maxMilliseconds: lags.last!)
                }
            }
        }
    }

    /// Writers adding inventory to random products, paced to `rate` in total (or as fast
    /// as they can). With `queries`, every tenth command measures its lag.
    private func drive(_ handler: CommandHandler<Product>, queries: ProductQueries?, rate: Double?, duration: Duration) async throws -> (rate: Double, lags: [Double]) {
        let clock = ContinuousClock()
        let start = clock.now
        let end = start + duration
        let interval: Duration? = rate.map { .nanoseconds(Int64(Double(writers) / $0 * 1e9)) }
        let results = try await withThrowingTaskGroup(of: (Int, [Double]).self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var count = 0
                    var lags: [Double] = []
                    var next = start + (interval ?? .zero) * Double(writer) / Double(writers)
                    while clock.now < end {
                        if let interval {
                            if next > clock.now { try await Task.sleep(until: next, clock: clock) }
                            next += interval
                        }
                        let id = Int64.random(in: 1...Int64(products))
                        let outcome = try await handler.handle(.addToInventory(productId: id, quantity: 1), metadata: CommandMetadata(commandId: UUID()))
                        count += 1
                        if let queries, count % 10 == 0 {
                            let succeeded = clock.now
                            while (try await queries.findById(id)?.version ?? 0) < outcome.version {
                                try await Task.sleep(for: .microseconds(200))
                            }
                            lags.append((clock.now - succeeded).seconds * 1000)
                        }
                    }
                    return (count, lags)
                }
            }
            return try await group.reduce(into: (0, [Double]())) { $0.0 += $1.0; $0.1 += $1.1 }
        }
        return (Double(results.0) / (clock.now - start).seconds, results.1)
    }
}
