import Foundation

/// What went wrong while encoding, upcasting or decoding stored events.
///
/// Match on ``kind``; ``description`` says what happened and what to do.
public struct EventSourcingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of failure.
    public enum Kind: Sendable, Hashable {
        /// The event type is not one this domain knows.
        case unknownEventType
        /// The stored schema version is below 1 or newer than this build understands.
        case unsupportedSchemaVersion
        /// An upcaster step needed to reach the current schema is not registered.
        case missingUpcaster
        /// An upcaster failed on the payload it was given.
        case upcastFailed
        /// The payload is not valid JSON, or not a JSON object where one is needed.
        case malformedJSON
        /// The payload is valid JSON but does not match the event's schema.
        case payloadMismatch
        /// An envelope of another aggregate type was given to an aggregate.
        case wrongAggregateType
    }

    private enum Reason: Sendable, Hashable {
        case unknownEventType(String, domain: String, known: [String])
        case schemaTooNew(String, stored: Int, current: Int)
        case schemaBelowOne(String, stored: Int)
        case missingUpcaster(String, from: Int, current: Int)
        case upcastFailed(String, from: Int, detail: String)
        case malformedJSON(String)
        case notAnObject(String, schemaVersion: Int)
        case payloadMismatch(String, schemaVersion: Int, detail: String)
        case wrongAggregateType(expected: String, found: String, eventId: UUID)
    }

    private let reason: Reason

    private init(_ reason: Reason) { self.reason = reason }

    /// The category of failure.
    public var kind: Kind {
        switch reason {
        case .unknownEventType: .unknownEventType
        case .schemaTooNew, .schemaBelowOne: .unsupportedSchemaVersion
        case .missingUpcaster: .missingUpcaster
        case .upcastFailed: .upcastFailed
        case .malformedJSON, .notAnObject: .malformedJSON
        case .payloadMismatch: .payloadMismatch
        case .wrongAggregateType: .wrongAggregateType
        }
    }

    /// What went wrong and what to do about it.
    public var description: String {
        switch reason {
        case .unknownEventType(let type, let domain, let known):
            "unknown event type \"\(type)\" for \(domain) (known: \(known.joined(separator: ", "))); "
                + "add it to currentSchemaVersions or check which stream the event came from"
        case .schemaTooNew(let type, let stored, let current):
            "event type \(type) is stored at schema version \(stored) but this build understands up to "
                + "\(current); deploy a build that knows the newer schema before reading these events"
        case .schemaBelowOne(let type, let stored):
            "event type \(type) has schema version \(stored); schema versions start at 1, "
                + "so the stored envelope is corrupt"
        case .missingUpcaster(let type, let from, let current):
            "no upcaster for \(type) from schema version \(from) to \(from + 1) (current is \(current)); "
                + "register Upcaster(eventType: \"\(type)\", fromSchemaVersion: \(from)) in the upcaster chain"
        case .upcastFailed(let type, let from, let detail):
            "upcasting \(type) from schema version \(from) to \(from + 1) failed: \(detail)"
        case .malformedJSON(let detail):
            "malformed JSON: \(detail)"
        case .notAnObject(let type, let version):
            "payload of \(type) at schema version \(version) is not a JSON object; event payloads must be objects"
        case .payloadMismatch(let type, let version, let detail):
            "payload of \(type) does not match schema version \(version): \(detail)"
        case .wrongAggregateType(let expected, let found, let eventId):
            "event \(eventId) belongs to aggregate type \(found), not \(expected); "
                + "check the stream the event was read from"
        }
    }

    /// `eventType` is not in `known`, the types `domain` can decode.
    public static func unknownEventType(_ eventType: String, domain: String, known: [String]) -> Self {
        Self(.unknownEventType(eventType, domain: domain, known: known))
    }

    /// The stored schema version is outside `1...current`.
    public static func unsupportedSchemaVersion(_ eventType: String, stored: Int, current: Int) -> Self {
        stored < 1
            ? Self(.schemaBelowOne(eventType, stored: stored))
            : Self(.schemaTooNew(eventType, stored: stored, current: current))
    }

    /// No upcaster takes `eventType` from schema version `from` to `from + 1`.
    public static func missingUpcaster(_ eventType: String, from: Int, current: Int) -> Self {
        Self(.missingUpcaster(eventType, from: from, current: current))
    }

    /// The upcaster for `eventType` at schema version `from` threw `error`.
    public static func upcastFailed(_ eventType: String, from: Int, error: any Error) -> Self {
        Self(.upcastFailed(eventType, from: from, detail: String(describing: error)))
    }

    /// The text is not valid JSON; `detail` says where and why.
    public static func malformedJSON(_ detail: String) -> Self {
        Self(.malformedJSON(detail))
    }

    /// The payload of `eventType` is JSON but not an object.
    public static func payloadNotAnObject(_ eventType: String, schemaVersion: Int) -> Self {
        Self(.notAnObject(eventType, schemaVersion: schemaVersion))
    }

    /// The payload of `eventType` could not be decoded at `schemaVersion`;
    /// `error` is the underlying decoding error.
    public static func payloadMismatch(_ eventType: String, schemaVersion: Int, error: any Error) -> Self {
        Self(.payloadMismatch(eventType, schemaVersion: schemaVersion, detail: Self.describe(error)))
    }

    /// An aggregate of type `expected` was given the envelope `eventId` of type `found`.
    public static func wrongAggregateType(expected: String, found: String, eventId: UUID) -> Self {
        Self(.wrongAggregateType(expected: expected, found: found, eventId: eventId))
    }

    /// A short, readable rendering of a `DecodingError` (the default one is very long).
    private static func describe(_ error: any Error) -> String {
        guard let decodingError = error as? DecodingError else { return String(describing: error) }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? "top level" : keys.joined(separator: ".")
        }
        switch decodingError {
        case .keyNotFound(let key, _):
            return "missing key \"\(key.stringValue)\""
        case .valueNotFound(_, let context):
            return "null or missing value at \(path(context))"
        case .typeMismatch(let type, let context):
            return "expected \(type) at \(path(context))"
        case .dataCorrupted(let context):
            return "\(context.debugDescription) at \(path(context))"
        @unknown default:
            return String(describing: error)
        }
    }
}
