import Foundation

extension Aggregate {
    /// Wraps freshly decided events in envelopes ready to append.
    ///
    /// Versions continue from `currentVersion` (0 for a new stream), so the
    /// first envelope gets `currentVersion + 1`. Each event is serialized at its
    /// current schema version.
    ///
    /// - Parameters:
    ///   - makeEventId: produces event ids; by default each event's id is derived
    ///     from the command id and its index (``EventEnvelope/derivedEventId(commandId:index:)``),
    ///     so a retried command produces the same ids and stores can keep just the index.
    /// - Throws: ``EventSourcingError`` `.unknownEventType` when an event's type
    ///   is missing from `Event.currentSchemaVersions`, or the event's own
    ///   encoding error.
    @inlinable
    public static func envelopes(
        for events: [Event],
        aggregateId: String,
        currentVersion: Int64,
        metadata: CommandMetadata,
        timestamp: Date,
        makeEventId: (() -> UUID)? = nil
    ) throws -> [EventEnvelope] {
        var envelopes: [EventEnvelope] = []
        envelopes.reserveCapacity(events.count)
        for (offset, event) in events.enumerated() {
            envelopes.append(EventEnvelope(
                eventId: makeEventId?() ?? EventEnvelope.derivedEventId(commandId: metadata.commandId, index: offset),
                eventType: event.eventType,
                schemaVersion: try Event.currentSchemaVersion(of: event.eventType),
                aggregateType: aggregateType,
                aggregateId: aggregateId,
                version: currentVersion + Int64(offset) + 1,
                timestamp: timestamp,
                commandId: metadata.commandId,
                correlationId: metadata.correlationId,
                causationId: metadata.causationId,
                payload: try event.encodedPayload()
            ))
        }
        return envelopes
    }

    /// Decodes the event in `envelope`, upcasting older schema versions first.
    ///
    /// - Throws: ``EventSourcingError`` `.wrongAggregateType` when the envelope
    ///   belongs to another aggregate type, or any error of
    ///   ``UpcasterChain/decode(eventType:schemaVersion:payload:)``.
    @inlinable
    public static func event(from envelope: EventEnvelope) throws -> Event {
        guard envelope.aggregateType == aggregateType else {
            throw EventSourcingError.wrongAggregateType(
                expected: aggregateType, found: envelope.aggregateType, eventId: envelope.eventId)
        }
        return try Event.upcasterChain.decode(envelope)
    }
}
