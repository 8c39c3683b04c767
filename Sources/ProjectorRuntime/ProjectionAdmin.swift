import Logging
import RedisClient

/// The operator side of a projection: lag, dead letters, rebuild, verify and the
/// generation registry. Each function is one `cqrs` subcommand's work; none of them
/// needs a projector to be running.
public struct ProjectionAdmin<P: Projection>: Sendable {
    let stores: ProjectionStores<P>

    /// - Parameters:
    ///   - writeStore: the event store's server; `readStore` the read models' (may be the same).
    public init(projection: P, writeStore: RedisClient, readStore: RedisClient, logger: Logger = Logger(label: "cqrs.projection")) {
        stores = ProjectionStores(projection: projection, writeStore: writeStore, readStore: readStore, logger: logger)
    }

    public var projection: P { stores.projection }

    /// The generation queries read, or `nil` before any projector ran.
    public func liveGeneration() async throws -> ReadModelGeneration? {
        try await stores.liveGeneration()
    }

    /// Every registered generation and its state (`cqrs:rm:gens`).
    public func generations() async throws -> [ReadModelGeneration: ReadModelGeneration.State] {
        try await stores.generations()
    }

    /// Loads the runtime's and the projection's Function libraries on the read store
    /// (`cqrs init`), so that projectors connected as a user without FUNCTION LOAD find
    /// them there.
    public func installLibraries() async throws {
        try await stores.loadLibraries()
    }

    /// A retrier for operator calls: a store that is down fails the call at once.
    var noRetry: StoreRetrier {
        StoreRetrier(minimumDelay: .milliseconds(50), maximumDelay: .seconds(1), shouldStop: { true }, logger: stores.logger)
    }

    /// An applier for operator work on `generation` (replay, drop).
    func applier(for generation: ReadModelGeneration, consumer: String) async throws -> EventApplier<P> {
        try await stores.loadLibraries()
        return EventApplier(
            projection: projection, generation: generation, group: projection.groupName(generation), consumer: consumer,
            maxDeliveries: .max, readStore: stores.readStore, writeStore: stores.writeStore,
            eventStore: try await stores.openEventStore(), retrier: noRetry, recorder: StatisticsRecorder(), logger: stores.logger
        )
    }
}
