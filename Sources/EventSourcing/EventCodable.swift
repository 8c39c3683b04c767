/// A domain's event type that can be stored: it names each event with a stable
/// stored type name and serializes it as JSON at the current schema version.
///
/// Older schema versions are never decoded here; an ``UpcasterChain`` first
/// brings old payloads up to the current version.
public protocol EventCodable: Sendable {
    /// The stable stored name of this event, e.g. `"ProductRated"`.
    var eventType: String { get }

    /// The current schema version of every stored event type this domain knows,
    /// keyed by stored type name. Versions start at 1.
    static var currentSchemaVersions: [String: Int] { get }

    /// The chain that upgrades stored payloads of older schema versions.
    /// Defaults to an empty chain (every event type still at its first schema).
    static var upcasterChain: UpcasterChain<Self> { get }

    /// The event's payload: UTF-8 JSON at the current schema version.
    func encodedPayload() throws -> [UInt8]

    /// Decodes a payload of `eventType` that is at the current schema version.
    static func decode(eventType: String, payload: [UInt8]) throws -> Self
}

extension EventCodable {
    /// An empty chain: no event type has older schema versions.
    public static var upcasterChain: UpcasterChain<Self> { UpcasterChain() }

    /// The current schema version of `eventType`.
    ///
    /// - Throws: ``EventSourcingError`` of kind `.unknownEventType` when this
    ///   domain does not know `eventType`.
    public static func currentSchemaVersion(of eventType: String) throws -> Int {
        guard let version = currentSchemaVersions[eventType] else {
            throw EventSourcingError.unknownEventType(
                eventType, domain: String(describing: Self.self), known: currentSchemaVersions.keys.sorted())
        }
        return version
    }
}
