import EventSourcing
import EventStore
import Logging
import RedisClient

/// Applies delivered events to one generation: one pipeline of apply calls on the read
/// store, gap fills from the write store, dead-lettering, then one pipeline of XACKs on
/// the write store.
struct EventApplier<P: Projection>: Sendable {
    let projection: P
    let generation: ReadModelGeneration
    let group: String
    let consumer: String
    let maxDeliveries: Int
    let readStore: RedisClient
    let writeStore: RedisClient
    let eventStore: RedisEventStore
    let retrier: StoreRetrier
    let recorder: StatisticsRecorder
    let logger: Logger

    /// Applies and acknowledges `entries`. True when the generation turned out to be
    /// retired: the caller moves on.
    @discardableResult
    func process(_ entries: [DeliveredEntry]) async throws -> Bool {
        try await process(prepare(entries))
    }

    /// ``process(_:)-([DeliveredEntry])`` for a batch already prepared.
    @discardableResult
    func process(_ batch: PreparedBatch) async throws -> Bool {
        let outcome = try await finish(batch, replies: applyAll(batch.commands))
        try await acknowledge(outcome.acknowledge)
        return outcome.retired
    }

    /// What applying a batch left to do.
    struct BatchOutcome: Sendable {
        /// The generation turned out to be retired.
        var retired: Bool
        /// The entries that are done (applied, duplicates, parked): acknowledge them.
        var acknowledge: [DeliveredEntry]
    }

    /// Applies `entries` (parking those that failed too often) without acknowledging
    /// them: the caller acknowledges ``BatchOutcome/acknowledge``. Without `parking`
    /// (re-applying entries already acknowledged), failures are only logged.
    func apply(_ entries: [DeliveredEntry], parking: Bool = true) async throws -> BatchOutcome {
        let batch = prepare(entries)
        return try await finish(batch, replies: applyAll(batch.commands), parking: parking)
    }

    /// A batch read back into envelopes with its apply calls built: the CPU work of a
    /// batch, which needs no store, so it can be done while the read store applies the
    /// batch before.
    struct PreparedBatch: Sendable {
        let entries: [DeliveredEntry]
        fileprivate(set) var fates: [EntryFate]
        fileprivate(set) var envelopes: [EventEnvelope?]
        fileprivate(set) var calls: [(index: Int, command: RedisCommand)] = []
        /// The calls to send to the read store, in log order.
        var commands: [RedisCommand] { calls.map(\.command) }
    }

    func prepare(_ entries: [DeliveredEntry]) -> PreparedBatch {
        var batch = PreparedBatch(
            entries: entries, fates: [EntryFate](repeating: .done, count: entries.count),
            envelopes: [EventEnvelope?](repeating: nil, count: entries.count))
        for (index, delivered) in entries.enumerated() {
            let envelope: EventEnvelope
            do {
                envelope = try RedisEventStore.envelope(delivered.entry)
            } catch {
                batch.fates[index] = .failed("log entry \(delivered.entry.id) of \(delivered.log) is not a readable event: \(error)")
                continue
            }
            batch.envelopes[index] = envelope
            guard projection.handles(envelope) else { continue }
            do {
                batch.calls.append((index, try projection.applyCommand(for: envelope, in: generation)))
            } catch {
                batch.fates[index] = .failed("cannot decode \(envelope.summary): \(error)")
            }
        }
        return batch
    }

    /// Reads the read store's `replies` to a prepared batch's calls: closes gaps, parks
    /// what failed too often, and says what to acknowledge.
    func finish(_ batch: PreparedBatch, replies: RedisPipelineResults, parking: Bool = true) async throws -> BatchOutcome {
        let entries = batch.entries
        var fates = batch.fates
        let envelopes = batch.envelopes
        let calls = batch.calls
        var gapped: [(index: Int, event: Gapped)] = []
        for (call, reply) in zip(calls, replies) {
            guard let envelope = envelopes[call.index] else { continue }
            switch reply {
            case .failure(let error):
                fates[call.index] = .failed("the read store refused \(envelope.summary): \(error.message)")
            case .success(let value):
                switch try ApplyReply(value) {
                case .applied: recorder.record { $0.applied += 1 }
                case .duplicate: recorder.record { $0.duplicates += 1 }
                case .retired: fates[call.index] = .retired
                // Later events of the same aggregate in this batch got `gap` too; they
                // are applied after the fills, in version order.
                case .gap(let stored): gapped.append((call.index, Gapped(envelope: envelope, command: call.command, stored: stored)))
                }
            }
        }
        if !gapped.isEmpty {
            for (slot, fate) in zip(gapped.map(\.index), try await closeGaps(gapped.map(\.event), blockWhenParked: true)) {
                fates[slot] = fate
            }
        }

        for (index, fate) in fates.enumerated() {
            switch fate {
            case .failed(let reason) where !parking, .blocked(let reason) where !parking:
                logger.info("re-applying \(entries[index].entry.id) of \(entries[index].log) did not apply it: \(reason)")
            case .failed(let reason) where entries[index].deliveries >= maxDeliveries:
                fates[index] = try await park(entries[index], envelope: envelopes[index], reason: reason)
            case .blocked(let reason):
                fates[index] = try await park(entries[index], envelope: envelopes[index], reason: reason)
            case .failed(let reason):
                recorder.record { $0.failedDeliveries += 1 }
                logger.warning("delivery \(entries[index].deliveries) of \(maxDeliveries) failed: \(reason)")
            case .done, .retired:
                break
            }
        }
        return BatchOutcome(
            retired: fates.contains { if case .retired = $0 { return true } else { return false } },
            acknowledge: zip(entries, fates).compactMap { delivered, fate in
                if case .done = fate { return delivered }
                return nil
            })
    }

    /// Applies one event, filling any gap before it from the write store first. With
    /// `blockWhenParked`, an aggregate that has a parked event answers `.blocked`.
    func apply(_ envelope: EventEnvelope, blockWhenParked: Bool) async throws -> EntryFate {
        let command: RedisCommand
        do {
            command = try projection.applyCommand(for: envelope, in: generation)
        } catch {
            return .failed("cannot decode \(envelope.summary): \(error)")
        }
        return try await apply(envelope, command: command, blockWhenParked: blockWhenParked)
    }

    private func apply(_ envelope: EventEnvelope, command: RedisCommand, blockWhenParked: Bool) async throws -> EntryFate {
        switch try await applyOne(command, what: envelope.summary) {
        case .refused(let reason): return .failed(reason)
        case .reply(.applied): recorder.record { $0.applied += 1 }; return .done
        case .reply(.duplicate): recorder.record { $0.duplicates += 1 }; return .done
        case .reply(.retired): return .retired
        case .reply(.gap(let stored)):
            return try await closeGaps([Gapped(envelope: envelope, command: command, stored: stored)], blockWhenParked: blockWhenParked)[0]
        }
    }

    private enum OneReply {
        case reply(ApplyReply)
        case refused(String)
    }

    private func applyOne(_ command: RedisCommand, what: String) async throws -> OneReply {
        switch try await applyAll([command])[0] {
        case .failure(let error): return .refused("the read store refused \(what): \(error.message)")
        case .success(let value): return .reply(try ApplyReply(value))
        }
    }

    /// One pipeline of apply calls. Transport failures and transient server errors
    /// (LOADING after a restart, a lost library) repeat the whole pipeline: the version
    /// guard makes the repeat harmless.
    func applyAll(_ commands: [RedisCommand]) async throws -> RedisPipelineResults {
        guard !commands.isEmpty else { return [] }
        return try await retrier.run("apply \(commands.count) events on the read store") {
            let results = try await readStore.pipeline(commands)
            for case .failure(let error) in results {
                if error.isMissingFunction {
                    logger.warning("the read store lacks a function of \(projection.library.name) (\(error.message)); loading the library")
                    try await projection.library.load(on: readStore)
                    throw MissingLibrary(name: projection.library.name)
                }
                if error.isTransient { throw error }
            }
            return results
        }
    }

    /// Moves a failed entry to the dead-letter stream (and acknowledges it afterwards).
    private func park(_ delivered: DeliveredEntry, envelope: EventEnvelope?, reason: String) async throws -> EntryFate {
        let letter = DeadLetter(
            id: "", log: delivered.log, entryId: delivered.entry.id,
            aggregate: envelope.map { "\($0.aggregateType):\($0.aggregateId)" } ?? (delivered.entry["aggregate"] ?? ""),
            version: envelope?.version ?? delivered.entry["version"].flatMap { Int64($0) },
            eventType: envelope?.eventType ?? delivered.entry["type"] ?? "",
            error: reason, deliveries: delivered.deliveries, consumer: consumer, parkedAt: .now
        )
        let layout = projection.layout
        let reply = try await retrier.run("park \(delivered.entry.id) in the dead-letter stream") {
            try await ProjectorLibrary.library.reloadingIfMissing(on: readStore) {
                try await readStore.send(.fcall(
                    "cqrs_rt_park", keys: [layout.generations, layout.deadLetters(generation), layout.parked(generation)],
                    arguments: [.string(generation.name), .string(letter.aggregate), .string(letter.version.map(String.init) ?? "")]
                        + letter.streamFields.flatMap { [RedisArgument.string($0.0), .string($0.1)] }
                ))
            }
        }
        if reply.isNull { return .retired }
        recorder.record { $0.parked += 1 }
        logger.error("parked \(delivered.entry.id) of \(delivered.log) after \(delivered.deliveries) deliveries: \(reason)")
        return .done
    }

    func acknowledge(_ entries: [DeliveredEntry]) async throws {
        let byLog = Dictionary(grouping: entries, by: \.log)
        guard !byLog.isEmpty else { return }
        let commands = byLog.map { log, entries in RedisCommand.xack(log, group: group, ids: entries.map(\.entry.id)) }
        _ = try await retrier.run("acknowledge \(entries.count) entries on the write store") {
            try await writeStore.pipeline(commands).map { try $0.get() }
        }
    }
}
