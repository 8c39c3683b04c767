import EventStore
import Logging
import RedisClient
import ServiceLifecycle
import Synchronization

/// One projector instance: a consumer in the projection's consumer group on every
/// partition log, applying events to the read store with an exactly-once effect.
///
/// Run any number of instances side by side (each with its own consumer name): they
/// share the work, the apply function's version guard keeps each aggregate in version
/// order and makes redeliveries harmless, and a dead instance's pending entries are
/// taken over after ``ProjectorConfiguration/claimMinIdle``.
///
/// A `Service` for swift-service-lifecycle: on graceful shutdown or cancellation the
/// current batch finishes (applied and acknowledged) and ``run()`` returns.
public final class Projector<P: Projection>: Service, Sendable {
    public let projection: P
    public let configuration: ProjectorConfiguration
    private let stores: ProjectionStores<P>
    private let stopRequested = Atomic<Bool>(false)
    private let recorder = StatisticsRecorder()

    /// - Parameters:
    ///   - writeStore: the event store's server (logs, consumer groups).
    ///   - readStore: the read models' server; may be the same client.
    public init(
        projection: P, writeStore: RedisClient, readStore: RedisClient, configuration: ProjectorConfiguration,
        logger: Logger = Logger(label: "cqrs.projector")
    ) {
        self.projection = projection
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "consumer"] = "\(configuration.consumer)"
        self.stores = ProjectionStores(projection: projection, writeStore: writeStore, readStore: readStore, logger: logger)
    }

    /// What this instance has done so far.
    public var statistics: ProjectorStatistics { recorder.snapshot }

    /// Asks the instance to stop after its current batch, like a graceful shutdown.
    public func stop() {
        stopRequested.store(true, ordering: .relaxed)
    }

    var isStopping: Bool { stopRequested.load(ordering: .relaxed) }

    /// Reads, applies and acknowledges until stopped. Throws on misconfiguration (no
    /// event store, a Lua error in a library); waits out unreachable stores.
    public func run() async throws {
        try await withTaskCancellationOrGracefulShutdownHandler {
            do {
                try await runUntilStopped()
            } catch let error as ProjectorError where error.kind == .stopped {
                stores.logger.info("stopped while a store was unreachable; unacknowledged entries will be claimed again")
            }
        } onCancelOrGracefulShutdown: {
            self.stop()
        }
    }

    private func runUntilStopped() async throws {
        let retrier = StoreRetrier(
            minimumDelay: configuration.retryMinimumDelay, maximumDelay: configuration.retryMaximumDelay,
            shouldStop: { [weak self] in self?.isStopping ?? true }, logger: stores.logger
        )
        let eventStore = try await retrier.run("open the event store") { try await stores.openEventStore() }
        let reader = stores.writeStore.dedicatedConnection()
        defer { reader.close() }
        while !isStopping {
            let target = try await retrier.run("find the generation to write to") { try await targetGeneration(logs: eventStore.keys.logs) }
            guard let generation = target else {
                stores.logger.info("generation \(configuration.target) was retired; this instance is done")
                return
            }
            stores.logger.info("projecting \(projection.name) into \(generation) as \(configuration.consumer)")
            let session = ProjectorSession(
                applier: EventApplier(
                    projection: projection, generation: generation, group: projection.groupName(generation),
                    consumer: configuration.consumer, maxDeliveries: configuration.maxDeliveries,
                    readStore: stores.readStore, writeStore: stores.writeStore, eventStore: eventStore,
                    retrier: retrier, recorder: recorder, logger: stores.logger
                ),
                stores: stores, reader: reader, logs: eventStore.keys.logs, configuration: configuration,
                isStopping: { [weak self] in self?.isStopping ?? true }
            )
            guard try await session.run() == .generationChanged else { return }
            if case .fixed = configuration.target { return }
            recorder.record { $0.generationSwitches += 1 }
        }
    }

    /// The generation to write to, with its libraries loaded and groups created; `nil`
    /// when a fixed generation is no longer writable.
    private func targetGeneration(logs: [String]) async throws -> ReadModelGeneration? {
        try await stores.loadLibraries()
        let generation: ReadModelGeneration
        switch configuration.target {
        case .live:
            generation = try await stores.bootstrapLiveGeneration()
        case .fixed(let fixed):
            guard let state = try await stores.state(of: fixed), state != .retired else { return nil }
            generation = fixed
        }
        try await stores.createGroups(for: generation, logs: logs)
        return generation
    }
}
