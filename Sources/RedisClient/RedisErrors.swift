/// An error reply from the Redis server, e.g. `WRONGTYPE ...` or `NOPERM ...`.
public struct RedisServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The full error text as the server sent it.
    public let message: String

    public init(message: String) { self.message = message }

    /// The error code: the first word of the message (`ERR`, `WRONGTYPE`, `NOPERM`, `NOSCRIPT`, ...).
    public var code: String {
        message.split(separator: " ", maxSplits: 1).first.map(String.init) ?? message
    }

    public var description: String { "Redis server error: \(message)" }
}

/// A failure on the client's side of the connection: connecting, timeouts, lost
/// connections, malformed replies, bad configuration.
///
/// ``outcomeUnknown`` tells whether the command may have run on the server: a
/// command that was written but got no reply may or may not have been applied, so
/// only an idempotent command (or one with an idempotency id) is safe to retry.
public struct RedisClientError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Kind: Sendable, Hashable {
        /// Could not open the TCP connection, or the handshake (AUTH, SELECT) failed.
        case connectFailed
        /// No connection right now; the client is waiting to reconnect. Nothing was sent.
        case notConnected
        /// The connection closed while the command was in flight.
        case connectionClosed
        /// No reply within the command timeout.
        case timeout
        /// The server sent bytes that are not valid RESP.
        case protocolError
        /// A reply of a shape the typed helper did not expect.
        case unexpectedReply
        /// A bad URL or option.
        case invalidConfiguration
        /// The client was shut down.
        case shutdown
    }

    public let kind: Kind
    public let message: String
    /// True when the command was sent and its effect on the server is not known.
    public let outcomeUnknown: Bool

    public init(_ kind: Kind, _ message: String, outcomeUnknown: Bool = false) {
        self.kind = kind
        self.message = message
        self.outcomeUnknown = outcomeUnknown
    }

    public var description: String {
        outcomeUnknown ? "\(message) (outcome unknown: the command may or may not have run)" : message
    }

    static func timedOut(_ command: String, after timeout: Duration) -> Self {
        Self(.timeout, "Redis command \(command) timed out after \(timeout)", outcomeUnknown: true)
    }

    static func unexpected(_ reply: RESPValue, for command: String) -> Self {
        Self(.unexpectedReply, "unexpected reply to \(command): \(reply)")
    }
}
