import EventStore
import LocalRedis
import Logging
import ProductReadModel
import ProjectorRuntime
import RedisClient

/// The read side's benchmark: events/s applied by 1, 2 and 4 projector instances, the
/// same apply function driven by `redis-benchmark -P 16` for reference, and the rebuild
/// speed. It starts its own write and read redis-servers.
public struct ProjectorBenchmark: Sendable {
    /// Events in the log (a product mix: adds, stock changes, ratings).
    public var events: Int
    public var partitions: Int
    /// Instance counts to measure.
    public var instanceCounts: [Int]
    public var batchSize: Int
    /// K of the product projection (related products).
    public var relatedRatingsPerUser: Int
    /// Requests for the redis-benchmark reference.
    public var referenceRequests: Int
    /// Events in the log for the rebuild: more of the same mix, on new products, is
    /// appended before it when this exceeds ``events``.
    public var rebuildEvents: Int

    public init(events: Int = 50_000, partitions: Int = 8, instanceCounts: [Int] = [1, 2, 4], batchSize: Int = 256, relatedRatingsPerUser: Int = 50, referenceRequests: Int = 200_000, rebuildEvents: Int = 1_000_000) {
        self.rebuildEvents = rebuildEvents
        self.events = events
        self.partitions = partitions
        self.instanceCounts = instanceCounts
        self.batchSize = batchSize
        self.relatedRatingsPerUser = relatedRatingsPerUser
        self.referenceRequests = referenceRequests
    }

    /// The figures of one run.
    public struct Report: Sendable, Codable, Hashable {
        /// Events in the log.
        public var events: Int
        /// Instance count → events applied per second until caught up.
        public var eventsPerSecond: [Int: Double]
        /// `redis-benchmark -c 50 -P 16` calls per second of `cqrs_rm_apply` (ProductAdded
        /// of random new products: the cheapest event, so an upper bound).
        public var applyFunctionReference: Double
        /// Events per second of a full rebuild (2 workers), until its switch.
        public var rebuildEventsPerSecond: Double
        /// Events in the log when it was rebuilt.
        public var rebuildEvents: Int = 0
        /// Two live instances projecting that same log from an empty read store: the live
        /// rate the rebuild is held to.
        public var liveOnRebuildLogEventsPerSecond: Double = 0
        /// The read store's CPU share during the rebuild.
        public var rebuildReadStoreCPU: Double = 0
        /// One instance on a log of ProductAdded events only: the same work as the
        /// redis-benchmark reference.
        public var sameWorkEventsPerSecond: Double = 0
        /// Read-store CPU time per `cqrs_rm_apply` call in the 1-instance run (INFO
        /// commandstats): what one event of the mix costs the server, gap fills included.
        public var readStoreMicrosecondsPerApply: Double

        /// Instance count → the read store's and the write store's CPU share (1.0: a whole
        /// core) while they applied the mix.
        public var readStoreCPU: [Int: Double] = [:]
        public var writeStoreCPU: [Int: Double] = [:]
        /// Instance count → events applied out of a gap fill (another instance held an
        /// earlier version of the product), summed over the instances.
        public var gapEventsFilled: [Int: Int] = [:]
        /// The read store's CPU share in the same-work run and under redis-benchmark.
        public var sameWorkReadStoreCPU: Double = 0
        public var referenceReadStoreCPU: Double = 0

        /// What the read store could apply of this mix on its one thread:
        /// 1,000,000 / ``readStoreMicrosecondsPerApply``.
        public var readStoreCeiling: Double { readStoreMicrosecondsPerApply > 0 ? 1_000_000 / readStoreMicrosecondsPerApply : 0 }

        /// The rows for `cqrs bench`: each measurement against the redis-benchmark figure of
        /// the apply function, then the 1-instance rate against the read store's ceiling
        /// for the same mix (the fairer comparison: ratings with related-product pairs cost
        /// the server far more than ProductAdded).
        public var rows: [BenchmarkRow] {
            let reference = "redis-benchmark -P 16 FCALL cqrs_rm_apply (ProductAdded)"
            var rows = eventsPerSecond.sorted { $0.key < $1.key }.map { instances, rate in
                BenchmarkRow(
                    name: "projector, \(instances) instance\(instances == 1 ? "" : "s"), catalogue mix", ours: rate, reference: applyFunctionReference,
                    referenceName: reference, goal: 0, unit: "events/s"
                )
            }
            rows.insert(BenchmarkRow(
                name: "projector, 1 instance, ProductAdded only (the reference's work)", ours: sameWorkEventsPerSecond,
                reference: applyFunctionReference, referenceName: reference, goal: 0.5, unit: "events/s"
            ), at: 0)
            rows.append(BenchmarkRow(
                name: "rebuild of \(rebuildEvents) events, 2 workers", ours: rebuildEventsPerSecond, reference: liveOnRebuildLogEventsPerSecond,
                referenceName: "2 live instances on the same log", goal: 1, unit: "events/s"))
            if let single = eventsPerSecond[1] {
                rows.append(BenchmarkRow(
                    name: "projector, 1 instance, vs the server's cost of this mix", ours: single, reference: readStoreCeiling,
                    referenceName: "1e6 / FCALL usec_per_call", goal: 0, unit: "events/s"
                ))
            }
            return rows
        }
    }

    public func run(progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> Report {
        try await RedisServer.with(RedisServerOptions(label: "bench-write")) { writeServer in
            try await RedisServer.with(RedisServerOptions(label: "bench-read")) { readServer in
                var configuration = writeServer.configuration
                configuration.commandTimeout = .seconds(30)
                let writeStore = RedisClient(configuration)
                configuration = readServer.configuration
                configuration.commandTimeout = .seconds(30)
                let readStore = RedisClient(configuration)
                defer {
                    writeStore.close()
                    readStore.close()
                }
                try await RedisEventStore.initialize(redis: writeStore, partitions: partitions)
                let store = try await RedisEventStore.open(redis: writeStore)
                progress("appending \(events) events")
                let products = max(10, events / 20)
                let appended = try await CatalogWorkload(products: products, users: max(500, events / 100), writers: 4).append(events: events, to: store)
                let projection = ProductProjection(relatedRatingsPerUser: relatedRatingsPerUser)
                var report = Report(events: appended, eventsPerSecond: [:], applyFunctionReference: 0, rebuildEventsPerSecond: 0, readStoreMicrosecondsPerApply: 0)
                for instances in instanceCounts {
                    progress("applying \(appended) events with \(instances) projector instance(s)")
                    try await reset(readStore: readStore, writeStore: writeStore, logs: store.keys.logs, projection: projection)
                    let (run, readCPU, writeCPU) = try await measuredApplyRate(instances: instances, events: appended, projection: projection, writeStore: writeStore, readStore: readStore)
                    report.eventsPerSecond[instances] = run.rate
                    report.gapEventsFilled[instances] = run.gapEventsFilled
                    report.readStoreCPU[instances] = readCPU
                    report.writeStoreCPU[instances] = writeCPU
                    if report.readStoreMicrosecondsPerApply == 0 { report.readStoreMicrosecondsPerApply = try await microsecondsPerCall(readStore) }
                }
                report.rebuildEvents = appended
                if rebuildEvents > appended {
                    progress("appending \(rebuildEvents - appended) more events (new products) for the rebuild")
                    // The same shape as the first events: 20 per product, about 40 ratings per
                    // user (a user's ratings cost the related-products model more as they grow).
                    var more = CatalogWorkload(products: max(10, (rebuildEvents - appended) / 20), users: max(500, (rebuildEvents - appended) / 100), writers: 32)
                    more.firstProductId = Int64(products) + 1
                    report.rebuildEvents += try await more.append(events: rebuildEvents - appended, to: store)
                }
                progress("applying \(report.rebuildEvents) events with 2 live instances from an empty read store")
                try await reset(readStore: readStore, writeStore: writeStore, logs: store.keys.logs, projection: projection)
                report.liveOnRebuildLogEventsPerSecond = try await applyRate(
                    instances: 2, events: report.rebuildEvents, projection: projection, writeStore: writeStore, readStore: readStore).rate
                progress("rebuilding \(report.rebuildEvents) events")
                let admin = ProjectionAdmin(projection: projection, writeStore: writeStore, readStore: readStore)
                let (rebuild, rebuildCPU) = try await ServerCPU(redis: readStore).share {
                    try await admin.rebuild(options: { var options = RebuildOptions(); options.deletionDelay = .zero; return options }())
                }
                report.rebuildEventsPerSecond = Double(report.rebuildEvents) / max(0.001, rebuild.switchedAfter.secondsValue)
                report.rebuildReadStoreCPU = rebuildCPU
                progress("applying \(appended) ProductAdded events (the reference's work) with 1 instance")
                try await reset(readStore: readStore, writeStore: writeStore, logs: store.keys.logs, projection: projection)
                for log in store.keys.logs { _ = try await writeStore.send(.del([log])) }
                try await writeStore.scanAll(match: "cqrs:*:idx:*") { _ = try await writeStore.send(.unlink($0)) }
                let added = try await CatalogWorkload(products: appended, users: 500, writers: 4).append(events: appended, to: store)
                let sameWork = try await measuredApplyRate(instances: 1, events: added, projection: projection, writeStore: writeStore, readStore: readStore)
                report.sameWorkEventsPerSecond = sameWork.run.rate
                report.sameWorkReadStoreCPU = sameWork.readStoreCPU
                progress("redis-benchmark -P 16 on FCALL cqrs_rm_apply")
                // The generation live now (the same-work run made a fresh one): apply
                // writes only into a live or building generation.
                guard let live = try await admin.liveGeneration()?.name else {
                    throw ExternalProgram.Failure(description: "no live generation for the redis-benchmark reference")
                }
                (report.applyFunctionReference, report.referenceReadStoreCPU) = try await ServerCPU(redis: readStore).share {
                    try await RedisBenchmarkTool(port: readServer.port).requestsPerSecond(
                        ["-r", "100000000", "FCALL", "cqrs_rm_apply", "1", "cqrs:rm:\(live):product:__rand_int__", "cqrs:rm",
                         live, "1", "added", "Bench lamp", "bench lamp", "A lamp", "19.99"],
                        clients: 50, pipeline: 16, requests: referenceRequests
                    )
                }
                return report
            }
        }
    }

    /// ``applyRate(instances:events:projection:writeStore:readStore:)`` with the read
    /// and the write store's CPU shares over it.
    private func measuredApplyRate(
        instances: Int, events: Int, projection: ProductProjection, writeStore: RedisClient, readStore: RedisClient
    ) async throws -> (run: ApplyRun, readStoreCPU: Double, writeStoreCPU: Double) {
        let writeCPU = ServerCPU(redis: writeStore)
        let writeBefore = try await writeCPU.seconds()
        let clock = ContinuousClock()
        let started = clock.now
        let (rate, readShare) = try await ServerCPU(redis: readStore).share {
            try await applyRate(instances: instances, events: events, projection: projection, writeStore: writeStore, readStore: readStore)
        }
        let writeShare = (try await writeCPU.seconds() - writeBefore) / (clock.now - started).secondsValue
        return (rate, readShare, writeShare)
    }

    struct ApplyRun {
        var rate: Double
        var gapEventsFilled: Int
    }

    /// Starts `instances` projectors and measures until every event is applied.
    private func applyRate(instances: Int, events: Int, projection: ProductProjection, writeStore: RedisClient, readStore: RedisClient) async throws -> ApplyRun {
        let projectors = (1...instances).map { index in
            var configuration = ProjectorConfiguration(consumer: "bench-\(index)")
            configuration.batchSize = batchSize
            return Projector(projection: projection, writeStore: writeStore, readStore: readStore, configuration: configuration, logger: Logger(label: "bench"))
        }
        let admin = ProjectionAdmin(projection: projection, writeStore: writeStore, readStore: readStore)
        let clock = ContinuousClock()
        let started = clock.now
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for projector in projectors { group.addTask { try await projector.run() } }
            try await admin.waitUntilCaughtUp(timeout: .seconds(3600))
            let elapsed = (clock.now - started).secondsValue
            projectors.forEach { $0.stop() }
            try await group.waitForAll()
            return ApplyRun(rate: Double(events) / elapsed, gapEventsFilled: projectors.reduce(0) { $0 + $1.statistics.gapEventsFilled })
        }
    }

    /// Server CPU time per FCALL since the last reset, from INFO commandstats.
    private func microsecondsPerCall(_ redis: RedisClient) async throws -> Double {
        let stats = try await redis.info("commandstats")["cmdstat_fcall"] ?? ""
        let perCall = stats.split(separator: ",").first { $0.hasPrefix("usec_per_call=") }?.dropFirst("usec_per_call=".count)
        return perCall.flatMap { Double($0) } ?? 0
    }

    /// A fresh start for the next measurement: empty read store, no consumer groups.
    private func reset(readStore: RedisClient, writeStore: RedisClient, logs: [String], projection: ProductProjection) async throws {
        _ = try await readStore.send("FLUSHALL")
        _ = try await readStore.send("CONFIG", "RESETSTAT")
        for log in logs {
            for group in try await writeStore.xinfoGroups(log) {
                _ = try await writeStore.send("XGROUP", "DESTROY", .string(log), .string(group.name))
            }
        }
    }
}

extension Duration {
    var secondsValue: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
