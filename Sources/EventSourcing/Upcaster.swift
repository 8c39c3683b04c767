/// One step that rewrites a stored payload of `eventType` from schema version
/// `fromSchemaVersion` to `fromSchemaVersion + 1`.
///
/// The transform works on the payload's JSON object with exact numbers (see
/// ``JSONValue``). It must be pure and must accept every payload ever written
/// at `fromSchemaVersion`; throw to report a payload it cannot convert.
public struct Upcaster: Sendable {
    /// The stored event type this step applies to, e.g. `"ProductRated"`.
    public let eventType: String
    /// The schema version this step reads.
    public let fromSchemaVersion: Int
    private let transform: @Sendable ([String: JSONValue]) throws -> [String: JSONValue]

    /// The schema version this step produces: `fromSchemaVersion + 1`.
    public var toSchemaVersion: Int { fromSchemaVersion + 1 }

    /// Creates the step `eventType` v`fromSchemaVersion` → v`fromSchemaVersion + 1`.
    public init(
        eventType: String,
        fromSchemaVersion: Int,
        transform: @escaping @Sendable ([String: JSONValue]) throws -> [String: JSONValue]
    ) {
        self.eventType = eventType
        self.fromSchemaVersion = fromSchemaVersion
        self.transform = transform
    }

    /// Applies the step to a payload object at `fromSchemaVersion`.
    public func apply(to payload: [String: JSONValue]) throws -> [String: JSONValue] {
        try transform(payload)
    }
}
