import EventSourcing
import EventStore
import RedisClient

extension ProjectionAdmin {
    /// `cqrs dlq list`: the parked events of a generation (the live one by default), oldest first.
    public func deadLetters(generation: ReadModelGeneration? = nil, limit: Int = 1000) async throws -> [DeadLetter] {
        let generation = try await stores.resolve(generation)
        return try await stores.readStore.xrange(projection.layout.deadLetters(generation), count: limit).map(DeadLetter.init)
    }

    /// `cqrs dlq replay`: applies parked events again through the same path as the
    /// projector (version guard, gap fill), once their cause is fixed (for instance a
    /// projector release that decodes them). Each aggregate's dead letters go in version
    /// order; the first that fails again stops that aggregate, and it stays parked.
    /// `ids` selects dead letters; `nil` replays them all.
    public func replayDeadLetters(ids: [String]? = nil, generation: ReadModelGeneration? = nil) async throws -> DeadLetterReplayReport {
        let generation = try await stores.resolve(generation)
        let applier = try await applier(for: generation, consumer: "dlq-replay")
        let layout = projection.layout
        var report = DeadLetterReplayReport()
        for (aggregate, letters) in try await selectedLetters(ids, in: generation) {
            // Unblock the aggregate so gap fills may fetch its events; re-mark on failure.
            _ = try await stores.readStore.send(.hdel(layout.parked(generation), [aggregate]))
            var failedAt: Int64?
            for letter in letters {
                guard failedAt == nil else {
                    report.skipped.append(letter.id)
                    continue
                }
                switch try await replay(letter, with: applier) {
                case .done:
                    _ = try await stores.readStore.send(RedisCommand("XDEL", [.string(layout.deadLetters(generation)), .string(letter.id)]))
                    report.replayed.append(letter.id)
                case .failed(let reason), .blocked(let reason):
                    report.failed[letter.id] = reason
                    failedAt = letter.version ?? 0
                case .retired:
                    throw ProjectorError(.wrongGenerationState, "\(generation) was retired while its dead letters were replayed")
                }
            }
            if let failedAt, !aggregate.isEmpty {
                _ = try await stores.readStore.send(RedisCommand("HSETNX", [.string(layout.parked(generation)), .string(aggregate), .integer(failedAt)]))
            }
        }
        return report
    }

    /// `cqrs dlq drop`: gives up on dead letters for good. A dropped event that is the
    /// next version of its aggregate is skipped in the model (its version counts as
    /// applied without changing anything), so the aggregate's later events flow again; a
    /// dropped event behind another parked one is only removed from the stream (a later
    /// replay's gap fill still applies it from the log). Returns how many were removed.
    @discardableResult
    public func dropDeadLetters(ids: [String], generation: ReadModelGeneration? = nil) async throws -> Int {
        let generation = try await stores.resolve(generation)
        try await stores.loadLibraries()
        let layout = projection.layout
        var dropped = 0
        for (aggregate, letters) in try await selectedLetters(ids, in: generation) {
            for letter in letters {
                if let version = letter.version, let colon = aggregate.firstIndex(of: ":") {
                    let skip = projection.skipCommand(
                        aggregateType: String(aggregate[..<colon]), aggregateId: String(aggregate[aggregate.index(after: colon)...]),
                        version: version, in: generation
                    )
                    if case .retired = try ApplyReply(try await stores.readStore.send(skip)) {
                        throw ProjectorError(.wrongGenerationState, "\(generation) is retired; its dead letters go with it")
                    }
                }
                let removed = try await stores.readStore.send(RedisCommand("XDEL", [.string(layout.deadLetters(generation)), .string(letter.id)]))
                dropped += Int(removed.int ?? 0)
            }
            let remaining = try await deadLetters(generation: generation, limit: .max).contains { $0.aggregate == aggregate }
            if !remaining { _ = try await stores.readStore.send(.hdel(layout.parked(generation), [aggregate])) }
        }
        return dropped
    }

    /// The selected dead letters by aggregate, each aggregate's in version order.
    private func selectedLetters(_ ids: [String]?, in generation: ReadModelGeneration) async throws -> [(String, [DeadLetter])] {
        let selected = Set(ids ?? [])
        let letters = try await deadLetters(generation: generation, limit: .max).filter { ids == nil || selected.contains($0.id) }
        return Dictionary(grouping: letters, by: \.aggregate)
            .map { ($0.key, $0.value.sorted { ($0.version ?? 0, $0.id) < ($1.version ?? 0, $1.id) }) }
            .sorted { $0.0 < $1.0 }
    }

    private func replay(_ letter: DeadLetter, with applier: EventApplier<P>) async throws -> EntryFate {
        guard let entry = try await stores.writeStore.xrange(letter.log, start: letter.entryId, end: letter.entryId).first else {
            return .failed("log entry \(letter.entryId) is no longer in \(letter.log)")
        }
        let envelope: EventEnvelope
        do {
            envelope = try RedisEventStore.envelope(entry)
        } catch {
            return .failed("log entry \(letter.entryId) of \(letter.log) is not a readable event: \(error)")
        }
        guard projection.handles(envelope) else { return .done }
        return try await applier.apply(envelope, blockWhenParked: false)
    }
}
