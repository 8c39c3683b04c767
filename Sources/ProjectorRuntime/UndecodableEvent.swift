/// An event that verify (or a projector) could not decode.
public struct UndecodableEvent: Sendable, Hashable {
    public var position: String?
    public var aggregate: String
    public var version: Int64
    public var error: String

    public init(position: String?, aggregate: String, version: Int64, error: String) {
        self.position = position
        self.aggregate = aggregate
        self.version = version
        self.error = error
    }
}
