/// A failure of the projector runtime, with a message that names what went wrong.
public struct ProjectorError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The event store or the read store is not set up as the call needs.
        case misconfigured
        /// A Redis Function answered something the runtime does not understand.
        case protocolViolation
        /// The generation is not in the state the operation needs.
        case wrongGenerationState
        /// An event could not be applied (decoding, gap fill, the apply function refused it).
        case applyFailed
        /// The projector was asked to stop while it waited for a store to come back.
        case stopped
        /// A wait for the projectors to catch up ran out of time.
        case timedOut
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
