/// Brings stored payloads of any past schema version up to the current one
/// and decodes them into `Event`.
///
/// For a payload of `eventType` at version `v` below the current version `c`,
/// the chain applies the registered upcasters `v → v+1`, …, `c-1 → c` in order,
/// then calls `Event.decode(eventType:payload:)`. Payloads already at `c` are
/// decoded directly without being parsed twice.
public struct UpcasterChain<Event: EventCodable>: Sendable {
    private struct Step: Hashable {
        var eventType: String
        var fromSchemaVersion: Int
    }

    private let steps: [Step: Upcaster]

    /// Creates a chain from `upcasters`.
    ///
    /// Registering two upcasters for the same type and version, an upcaster for
    /// a type `Event` does not know, or one that does not end at or below the
    /// current version is a programming error and stops the program with a
    /// message naming the upcaster.
    public init(_ upcasters: [Upcaster] = []) {
        var steps: [Step: Upcaster] = [:]
        for upcaster in upcasters {
            let name = "Upcaster(eventType: \"\(upcaster.eventType)\", fromSchemaVersion: \(upcaster.fromSchemaVersion))"
            let current = Event.currentSchemaVersions[upcaster.eventType]
            precondition(current != nil, "\(name) is for a type \(Event.self) does not know")
            precondition(
                upcaster.fromSchemaVersion >= 1 && upcaster.toSchemaVersion <= current!,
                "\(name) must start at 1 or later and end at or below the current schema version \(current!)")
            let step = Step(eventType: upcaster.eventType, fromSchemaVersion: upcaster.fromSchemaVersion)
            precondition(steps.updateValue(upcaster, forKey: step) == nil, "\(name) is registered twice")
        }
        self.steps = steps
    }

    /// Decodes the event stored in `envelope`; see ``decode(eventType:schemaVersion:payload:)``.
    public func decode(_ envelope: EventEnvelope) throws -> Event {
        try decode(eventType: envelope.eventType, schemaVersion: envelope.schemaVersion, payload: envelope.payload)
    }

    /// Upcasts `payload` from `schemaVersion` to the current schema of
    /// `eventType`, then decodes it.
    ///
    /// - Throws: ``EventSourcingError`` of kind `.unknownEventType`,
    ///   `.unsupportedSchemaVersion`, `.missingUpcaster`, `.malformedJSON` or
    ///   `.upcastFailed`; otherwise whatever `Event.decode` throws.
    public func decode(eventType: String, schemaVersion: Int, payload: [UInt8]) throws -> Event {
        let current = try Event.currentSchemaVersion(of: eventType)
        guard schemaVersion != current else {
            return try Event.decode(eventType: eventType, payload: payload)
        }
        let upcast = try upcast(eventType: eventType, schemaVersion: schemaVersion, payload: payload)
        return try Event.decode(eventType: eventType, payload: upcast)
    }

    /// Returns `payload` rewritten from `schemaVersion` to the current schema
    /// of `eventType`, as compact JSON with sorted keys. A payload already at
    /// the current version is returned unchanged.
    ///
    /// - Throws: ``EventSourcingError``; see ``decode(eventType:schemaVersion:payload:)``.
    public func upcast(eventType: String, schemaVersion: Int, payload: [UInt8]) throws -> [UInt8] {
        let current = try Event.currentSchemaVersion(of: eventType)
        guard (1...current).contains(schemaVersion) else {
            throw EventSourcingError.unsupportedSchemaVersion(eventType, stored: schemaVersion, current: current)
        }
        guard schemaVersion < current else { return payload }
        // Check the whole path first so the error names the first missing step.
        for version in schemaVersion..<current
        where steps[Step(eventType: eventType, fromSchemaVersion: version)] == nil {
            throw EventSourcingError.missingUpcaster(eventType, from: version, current: current)
        }
        guard var object = try JSONValue(parsing: payload).objectValue else {
            throw EventSourcingError.payloadNotAnObject(eventType, schemaVersion: schemaVersion)
        }
        for version in schemaVersion..<current {
            let upcaster = steps[Step(eventType: eventType, fromSchemaVersion: version)]!  // checked above
            do {
                object = try upcaster.apply(to: object)
            } catch {
                throw EventSourcingError.upcastFailed(eventType, from: version, error: error)
            }
        }
        return JSONValue.object(object).serializedBytes()
    }
}
