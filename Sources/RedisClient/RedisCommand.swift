import NIOCore

/// A Redis command, encoded to RESP once when it is built.
///
/// Build commands with the typed factories (`.get(_:)`, `.xadd(...)`, `.hgetall(_:)`,
/// ...) or with ``init(_:_:)`` for anything else. Commands are values: send one, or
/// put many in a pipeline or a transaction.
public struct RedisCommand: Sendable {
    /// The command name, e.g. `XADD`, for errors and logs.
    public let name: String
    /// The key the command addresses first, if any: lets a router pick a connection.
    public let key: String?
    /// True for a command that blocks the connection (e.g. `XREADGROUP ... BLOCK`).
    public let isBlocking: Bool
    /// The command as RESP bytes.
    let encoded: ByteBuffer

    /// A command from its name and arguments. `key` names the routing key, if any;
    /// `blocking` marks a command that may hold the connection (BLOCK, BLPOP, ...).
    public init(_ name: String, _ arguments: [RedisArgument] = [], key: String? = nil, blocking: Bool = false) {
        self.init(name, key: key, blocking: blocking, encodedArguments: arguments.count) { buffer in
            for argument in arguments {
                argument.write(to: &buffer)
            }
        }
    }

    /// A command whose `count` arguments after the name `writeArguments` encodes, so a
    /// factory can write arguments of several kinds without building one array of them.
    init(_ name: String, key: String?, blocking: Bool = false, encodedArguments count: Int, _ writeArguments: (inout ByteBuffer) -> Void) {
        var buffer = ByteBufferAllocator().buffer(capacity: 16 + name.utf8.count + count * 24)
        buffer.writeRESPHeader(UInt8(ascii: "*"), count + 1)
        RedisArgument.string(name).write(to: &buffer)
        writeArguments(&buffer)
        self.name = name
        self.key = key
        self.isBlocking = blocking
        self.encoded = buffer
    }
}

extension RedisCommand {
    /// The exact bytes this command puts on the wire (RESP).
    public var wireBytes: [UInt8] { Array(encoded.readableBytesView) }
}

extension RedisCommand: CustomStringConvertible {
    public var description: String { name }
}
