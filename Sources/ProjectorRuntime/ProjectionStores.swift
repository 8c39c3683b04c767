import EventStore
import Logging
import RedisClient

/// A projection with its two stores: what the projector, the rebuild and the operator
/// functions share. The write store holds the logs and the consumer groups, the read
/// store the read models, the generation registry and the dead letters. Both may be the
/// same server.
struct ProjectionStores<P: Projection>: Sendable {
    let projection: P
    let writeStore: RedisClient
    let readStore: RedisClient
    let logger: Logger

    var layout: ReadStoreLayout { projection.layout }

    /// The initialised event store (`cqrs init` must have run).
    func openEventStore() async throws -> RedisEventStore {
        try await RedisEventStore.open(redis: writeStore)
    }

    /// Loads the runtime's and the projection's Function libraries on the read store.
    func loadLibraries() async throws {
        try await ProjectorLibrary.library.ensureLoaded(on: readStore)
        try await projection.library.ensureLoaded(on: readStore)
    }

    /// The live generation, registering the first one on a fresh read store.
    func bootstrapLiveGeneration() async throws -> ReadModelGeneration {
        let reply = try await ProjectorLibrary.library.reloadingIfMissing(on: readStore) {
            try await readStore.send(.fcall("cqrs_rt_bootstrap", keys: [layout.livePointer, layout.generations, layout.generationCounter]))
        }
        return try generation(named: reply.string, what: "cqrs_rt_bootstrap")
    }

    /// The generation named by the live pointer, `nil` before the first projector ran.
    func liveGeneration() async throws -> ReadModelGeneration? {
        guard let name = try await readStore.get(layout.livePointer) else { return nil }
        return try generation(named: name, what: layout.livePointer)
    }

    /// `generation`, or the live one when `nil`; fails when there is none.
    func resolve(_ generation: ReadModelGeneration?) async throws -> ReadModelGeneration {
        if let generation { return generation }
        guard let live = try await liveGeneration() else {
            throw ProjectorError(.wrongGenerationState, "no live generation yet (\(layout.livePointer) is missing); start a projector first")
        }
        return live
    }

    /// Every registered generation and its state.
    func generations() async throws -> [ReadModelGeneration: ReadModelGeneration.State] {
        var result: [ReadModelGeneration: ReadModelGeneration.State] = [:]
        for (name, state) in try await readStore.hgetall(layout.generations) {
            guard let generation = ReadModelGeneration(name: name), let state = ReadModelGeneration.State(rawValue: state) else {
                throw ProjectorError(.misconfigured, "\(layout.generations) holds '\(name)' = '\(state)', not a generation and a state")
            }
            result[generation] = state
        }
        return result
    }

    func state(of generation: ReadModelGeneration) async throws -> ReadModelGeneration.State? {
        try await readStore.hget(layout.generations, generation.name).flatMap(ReadModelGeneration.State.init(rawValue:))
    }

    /// Creates the generation's consumer group on every log, at the start of the log.
    func createGroups(for generation: ReadModelGeneration, logs: [String]) async throws {
        _ = try await writeStore.pipeline(logs.map { .xgroupCreate($0, group: projection.groupName(generation), id: "0") })
            .map { result in
                if case .failure(let error) = result, error.code != "BUSYGROUP" { throw error }
            }
    }

    /// Removes the generation's consumer group from every log (a missing group is fine).
    func destroyGroups(of generation: ReadModelGeneration, logs: [String]) async throws {
        _ = try await writeStore.pipeline(logs.map { RedisCommand("XGROUP", ["DESTROY", .string($0), .string(projection.groupName(generation))], key: $0) })
            .map { try $0.get() }
    }

    private func generation(named name: String?, what: String) throws -> ReadModelGeneration {
        guard let name, let generation = ReadModelGeneration(name: name) else {
            throw ProjectorError(.protocolViolation, "\(what) answered '\(name ?? "nil")', not a generation name")
        }
        return generation
    }
}
