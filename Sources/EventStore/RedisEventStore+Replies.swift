import EventSourcing
import Foundation
import RedisClient

extension RedisEventStore {
    /// `{"ok"|"duplicate", newVersion, firstVersion, id1, ...}`.
    static func appendResult(_ reply: RESPValue) throws -> AppendResult {
        guard let parts = reply.array, parts.count >= 3, let status = parts[0].string,
              let version = parts[1].int, let first = parts[2].int
        else { throw EventStoreError(.corrupt, "unexpected reply from cqrs_append: \(reply)") }
        return AppendResult(version: version, firstVersion: first, positions: parts.dropFirst(3).compactMap(\.string), duplicate: status == "duplicate")
    }

    /// `{"conflict", current, entry...}` (the entries after the expected version, when they
    /// came: see `cqrs_append_or_catch_up`), or an append's reply.
    static func appendAttempt(_ reply: RESPValue) throws -> AppendAttempt {
        guard let parts = reply.array, parts.first?.string == "conflict" else { return .appended(try appendResult(reply)) }
        guard parts.count >= 2, let current = parts[1].int else {
            throw EventStoreError(.corrupt, "unexpected reply from cqrs_append_or_catch_up: \(reply)")
        }
        let missed = try envelopes(Array(parts.dropFirst(2)), command: "cqrs_append_or_catch_up")
        return .conflict(current: current, events: missed.isEmpty ? nil : missed)
    }

    /// `{version, outcome|nil, {snapVersion, schema, state}|nil, entry...}`.
    static func storedStream(_ reply: RESPValue, aggregateType: String, aggregateId: String) throws -> StoredStream {
        guard let parts = reply.array, parts.count >= 3, let version = parts[0].int else {
            throw EventStoreError(.corrupt, "unexpected reply from cqrs_load: \(reply)")
        }
        let outcome = parts[1].isNull ? nil : try appendResult(parts[1])
        var snapshot: Snapshot?
        if let fields = parts[2].array, fields.count == 3, let snapVersion = fields[0].int, let schema = fields[1].int, let state = fields[2].bytes {
            snapshot = Snapshot(aggregateType: aggregateType, aggregateId: aggregateId, version: snapVersion, schemaVersion: Int(schema), state: state)
        }
        let events = try envelopes(Array(parts.dropFirst(3)), command: "cqrs_load")
        return StoredStream(version: version, snapshot: snapshot, events: events, recordedOutcome: outcome)
    }

    static func envelopes(_ entries: [RESPValue], command: String) throws -> [EventEnvelope] {
        try entries.map { entry in
            guard let parts = entry.array, parts.count == 2, let id = parts[0].string, parts[1].array != nil else {
                throw EventStoreError(.corrupt, "unexpected log entry from \(command): \(entry)")
            }
            return try envelope(StreamEntry(id: id, pairs: StreamEntry.pairs(parts[1])))
        }
    }

    /// Reads a log entry's fields back into an envelope.
    public static func envelope(_ entry: StreamEntry) throws -> EventEnvelope {
        func text(_ name: String) throws -> String {
            guard let value = entry[name] else { throw EventStoreError(.corrupt, "log entry \(entry.id) has no field '\(name)'") }
            return value
        }
        func uuid(_ name: String) throws -> UUID {
            guard let bytes = entry.bytes(name) else { throw EventStoreError(.corrupt, "log entry \(entry.id) has no field '\(name)'") }
            guard let value = UUID(utf8: bytes) else { throw EventStoreError(.corrupt, "log entry \(entry.id): '\(name)' is not a UUID") }
            return value
        }
        func integer(_ name: String) throws -> Int64 {
            guard let value = Int64(try text(name)) else { throw EventStoreError(.corrupt, "log entry \(entry.id): '\(name)' is not an integer") }
            return value
        }
        let commandId = try uuid("commandId")
        // Empty means "the command id": most commands start their own flow.
        func related(_ name: String) throws -> UUID {
            entry[name].map(\.isEmpty) == true ? commandId : try uuid(name)
        }
        let aggregate = try text("aggregate")
        guard let colon = aggregate.firstIndex(of: ":") else {
            throw EventStoreError(.corrupt, "log entry \(entry.id): aggregate '\(aggregate)' is not Type:id")
        }
        let storedId = try text("eventId")
        let eventId = try Int(storedId).map { EventEnvelope.derivedEventId(commandId: commandId, index: $0) } ?? uuid("eventId")
        // Empty: the time the log accepted the event, which is the entry id's.
        let timestamp = entry["timestamp"].map(\.isEmpty) == false
            ? try integer("timestamp")
            : Int64(entry.id.prefix { $0 != "-" }) ?? 0
        return EventEnvelope(
            eventId: eventId, eventType: try text("type"), schemaVersion: Int(try integer("schema")),
            aggregateType: String(aggregate[..<colon]), aggregateId: String(aggregate[aggregate.index(after: colon)...]),
            version: try integer("version"), timestamp: EventEnvelope.date(millisecondsSince1970: timestamp),
            commandId: commandId, correlationId: try related("correlationId"), causationId: try related("causationId"),
            payload: entry.bytes("data") ?? [], position: entry.id
        )
    }

    /// An event id as stored: its index in the command when it is the derived id
    /// (``EventEnvelope/derivedEventId(commandId:index:)``), else the full UUID.
    static func storedEventId(_ event: EventEnvelope, index: Int) -> String {
        event.eventId == EventEnvelope.derivedEventId(commandId: event.commandId, index: index)
            ? String(index) : event.eventId.lowercasedString
    }

    /// A correlation or causation id as stored: empty when it equals the command id,
    /// which saves 36 bytes per event for every command that starts a flow.
    static func elided(_ id: UUID, sameAs commandId: UUID) -> String {
        id == commandId ? "" : id.lowercasedString
    }

    /// Maps the library's error replies (`CQRS_CONFLICT current=3 expected=none ...`).
    static func storeError(_ error: RedisServerError, aggregate: String) -> EventStoreError {
        switch error.code {
        case "CQRS_CONFLICT":
            let current = error.message.split(separator: " ").first { $0.hasPrefix("current=") }
                .flatMap { Int64($0.dropFirst("current=".count)) }
            return EventStoreError(.conflict, "version conflict on \(aggregate): \(error.message.dropFirst("CQRS_CONFLICT ".count))", currentVersion: current)
        case "CQRS_IDEMPOTENCY_KEY_REUSED":
            return EventStoreError(.idempotencyKeyReused, "the command id was already used for another aggregate: \(error.message)")
        case "CQRS_CORRUPT", "CQRS_MISSING_EVENT":
            return EventStoreError(.corrupt, error.message)
        case "CQRS_BADARG":
            return EventStoreError(.invalidRequest, error.message)
        default:
            return EventStoreError(.unavailable, "the write store refused the call: \(error.message)")
        }
    }
}
