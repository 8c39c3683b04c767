/// What a projection's read models should hold, computed from the log in memory.
public struct ExpectedReadModel: Sendable {
    /// Every key the model should have, with its content.
    public var keys: [String: ReadModelValue]
    /// Events the projection could not decode: `(log position, aggregate, version, error)`.
    public var undecodable: [UndecodableEvent]

    public init(keys: [String: ReadModelValue] = [:], undecodable: [UndecodableEvent] = []) {
        self.keys = keys
        self.undecodable = undecodable
    }
}
