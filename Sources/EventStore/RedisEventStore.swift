import EventSourcing
import Foundation
import RedisClient

/// The write store: a partitioned event log on Redis Streams.
///
/// Open it with ``open(redis:prefix:expectedPartitions:commandTTL:)`` after
/// ``initialize(redis:prefix:partitions:)`` (`cqrs init`) has fixed the partition
/// count. Every append is one `FCALL cqrs_append` (or `cqrs_append_or_catch_up`, whose
/// conflict answers with the missed events): expected version, idempotent command id
/// and all events of the command, atomically.
public struct RedisEventStore: EventStoring {
    public let redis: any RedisCommandSender
    public let keys: EventStoreKeys
    /// How long a command's outcome is kept for idempotent retries.
    public let commandTTL: Duration
    /// The TTLs the append Functions accept, in whole seconds: 1 s to 10 years.
    public static let commandTTLSeconds: ClosedRange<Int64> = 1...315_360_000

    init(redis: any RedisCommandSender, keys: EventStoreKeys, commandTTL: Duration) {
        self.redis = redis
        self.keys = keys
        self.commandTTL = commandTTL
    }

    /// Records the partition count, once. Running it again with the same count is a
    /// no-op; with another count it fails and changes nothing.
    @discardableResult
    public static func initialize(redis: any RedisCommandSender, prefix: String = "cqrs", partitions: Int = 16) async throws -> Int {
        guard (1...16384).contains(partitions) else {
            throw EventStoreError(.invalidRequest, "the partition count must be between 1 and 16384, got \(partitions)")
        }
        let meta = EventStoreKeys.meta(prefix: prefix)
        let replies = try await redis.pipeline([
            RedisCommand("HSETNX", [.string(meta), "partitions", .integer(Int64(partitions))], key: meta),
            RedisCommand("HSETNX", [.string(meta), "layout", "1"], key: meta),
            RedisCommand("HSETNX", [.string(meta), "createdAt", .string(ISO8601DateFormatter().string(from: Date()))], key: meta),
            .hget(meta, "partitions"),
        ])
        let stored = try replies[3].get().int.map(Int.init)
        guard stored == partitions else {
            throw EventStoreError(.misconfigured, "the store at prefix '\(prefix)' was initialised with \(stored.map(String.init) ?? "?") partitions, not \(partitions); the count cannot change")
        }
        try await EventStoreLibrary.library.ensureLoaded(on: redis)
        return partitions
    }

    /// Opens an initialised store and makes sure the current Functions are loaded.
    /// Refuses a store that was initialised with another partition count, and a
    /// `commandTTL` outside ``commandTTLSeconds``.
    public static func open(
        redis: any RedisCommandSender, prefix: String = "cqrs", expectedPartitions: Int? = nil, commandTTL: Duration = .seconds(86_400)
    ) async throws -> RedisEventStore {
        let (seconds, fraction) = commandTTL.components
        guard commandTTLSeconds.contains(seconds), fraction == 0 else {
            throw EventStoreError(.invalidRequest, "the command TTL must be whole seconds from \(commandTTLSeconds.lowerBound) to \(commandTTLSeconds.upperBound) (10 years), got \(commandTTL)")
        }
        let meta = EventStoreKeys.meta(prefix: prefix)
        guard let partitions = try await redis.hget(meta, "partitions").flatMap({ Int($0) }) else {
            throw EventStoreError(.misconfigured, "no event store at prefix '\(prefix)' (key \(meta) is missing); run `cqrs init` first")
        }
        if let expectedPartitions, expectedPartitions != partitions {
            throw EventStoreError(.misconfigured, "the store at prefix '\(prefix)' has \(partitions) partitions, not \(expectedPartitions); the count is fixed at init")
        }
        try await EventStoreLibrary.library.ensureLoaded(on: redis)
        return RedisEventStore(redis: redis, keys: EventStoreKeys(prefix: prefix, partitions: partitions), commandTTL: commandTTL)
    }

    /// The partition of an aggregate.
    public func partition(aggregateType: String, aggregateId: String) -> Int {
        keys.partition(of: "\(aggregateType):\(aggregateId)")
    }

    public func append(_ events: [EventEnvelope], expected: ExpectedVersion) async throws -> AppendResult {
        let (command, aggregate) = try appendCall("cqrs_append", events, expected: expected)
        return try Self.appendResult(try await call(command, aggregate: aggregate, writes: true))
    }

    /// One `FCALL cqrs_append_or_catch_up`: a conflict answers with the events missed.
    public func appendOrCatchUp(_ events: [EventEnvelope], expectedVersion: Int64) async throws -> AppendAttempt {
        let (command, aggregate) = try appendCall("cqrs_append_or_catch_up", events, expected: .exact(expectedVersion))
        return try Self.appendAttempt(try await call(command, aggregate: aggregate, writes: true))
    }

    /// The call of an append Function (both take the same KEYS and ARGV).
    private func appendCall(_ function: String, _ events: [EventEnvelope], expected: ExpectedVersion) throws -> (RedisCommand, aggregate: String) {
        guard let first = events.first else { throw EventStoreError(.invalidRequest, "an append needs at least one event") }
        let aggregate = "\(first.aggregateType):\(first.aggregateId)"
        guard events.allSatisfy({ $0.aggregateType == first.aggregateType && $0.aggregateId == first.aggregateId && $0.commandId == first.commandId }) else {
            throw EventStoreError(.invalidRequest, "one append takes the events of one aggregate and one command")
        }
        let partition = keys.partition(of: aggregate)
        var arguments: [RedisArgument] = [
            .string(aggregate), .string(expected.wire), .integer(commandTTL.components.seconds), .integer(Int64(events.count)),
        ]
        arguments.reserveCapacity(4 + events.count * 8)
        let command = first.commandId.lowercasedString
        for (index, event) in events.enumerated() {
            arguments += [
                .string(Self.storedEventId(event, index: index)), .string(event.eventType), .integer(Int64(event.schemaVersion)),
                "", .string(command),
                .string(Self.elided(event.correlationId, sameAs: event.commandId)),
                .string(Self.elided(event.causationId, sameAs: event.commandId)),
                .bytes(event.payload),
            ]
        }
        let keys = [
            self.keys.log(partition), self.keys.index(partition, aggregate: aggregate), self.keys.command(partition, id: command),
        ]
        return (.fcall(function, keys: keys, arguments: arguments), aggregate)
    }

    public func load(aggregateType: String, aggregateId: String, commandId: UUID?, after: Int64?) async throws -> StoredStream {
        let aggregate = "\(aggregateType):\(aggregateId)"
        let partition = keys.partition(of: aggregate)
        var keyList = [keys.log(partition), keys.index(partition, aggregate: aggregate), keys.snapshot(partition, aggregate: aggregate)]
        var arguments: [RedisArgument] = [.string(aggregate)]
        if let commandId {
            keyList.append(keys.command(partition, id: commandId.lowercasedString))
            arguments.append("1")
        } else {
            arguments.append("0")
        }
        if let after { arguments.append(.integer(after)) }
        let reply = try await call(.fcallReadOnly("cqrs_load", keys: keyList, arguments: arguments), aggregate: aggregate, writes: false)
        return try Self.storedStream(reply, aggregateType: aggregateType, aggregateId: aggregateId)
    }

    public func readEvents(aggregateType: String, aggregateId: String, from: Int64, to: Int64) async throws -> [EventEnvelope] {
        let aggregate = "\(aggregateType):\(aggregateId)"
        var events: [EventEnvelope] = []
        var next = max(1, from)
        // The function returns at most 1000 entries per call: page on.
        while next <= to {
            let reply = try await call(readVersions(aggregate, from: next, to: to), aggregate: aggregate, writes: false)
            let page = try Self.envelopes(reply.array ?? [], command: "cqrs_read_versions")
            guard let last = page.last else { break }
            events += page
            next = last.version + 1
        }
        return events
    }

    /// `FCALL_RO cqrs_read_versions` of versions `from...to` of `aggregate` (`Product:42`).
    func readVersions(_ aggregate: String, from: Int64, to: Int64) -> RedisCommand {
        let partition = keys.partition(of: aggregate)
        return .fcallReadOnly(
            "cqrs_read_versions", keys: [keys.log(partition), keys.index(partition, aggregate: aggregate)],
            arguments: [.string(aggregate), .integer(from), .integer(to)])
    }

    public func saveSnapshot(_ snapshot: Snapshot) async throws -> Bool {
        let aggregate = "\(snapshot.aggregateType):\(snapshot.aggregateId)"
        let partition = keys.partition(of: aggregate)
        let reply = try await call(
            .fcall("cqrs_snapshot", keys: [keys.index(partition, aggregate: aggregate), keys.snapshot(partition, aggregate: aggregate)],
                   arguments: [.string(aggregate), .integer(snapshot.version), .integer(Int64(snapshot.schemaVersion)), .bytes(snapshot.state)]),
            aggregate: aggregate, writes: true
        )
        return reply.int == 1
    }

    /// Runs a function call, reloading the library once if the server lost it (a
    /// restart without persistence, a failover to a fresh replica), and maps errors.
    private func call(_ command: RedisCommand, aggregate: String, writes: Bool) async throws -> RESPValue {
        do {
            do {
                return try await redis.send(command)
            } catch let error as RedisServerError where error.message.contains("Function not found") {
                try await EventStoreLibrary.library.load(on: redis)
                return try await redis.send(command)
            }
        } catch let error as RedisServerError {
            throw Self.storeError(error, aggregate: aggregate)
        } catch let error as RedisClientError {
            throw EventStoreError(.unavailable, "the write store is unavailable: \(error.message)", outcomeUnknown: writes && error.outcomeUnknown)
        }
    }
}
