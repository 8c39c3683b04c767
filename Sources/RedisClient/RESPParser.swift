import CHiredis

/// Incremental RESP parser over hiredis's `redisReader`.
///
/// Feed it bytes as they arrive, in pieces of any size, then take complete replies
/// with ``next()``. Every reply is copied into a ``RESPValue`` and the C object is
/// freed at once, so no pointer leaves this type. Not thread-safe: one parser per
/// connection, used on that connection's event loop.
public final class RESPParser {
    private let reader: UnsafeMutablePointer<redisReader>

    public init() {
        guard let reader = redisReaderCreate() else {
            fatalError("hiredis could not allocate a reader (out of memory)")
        }
        self.reader = reader
    }

    deinit {
        redisReaderFree(reader)
    }

    /// Appends bytes to the parser's buffer.
    public func feed(_ bytes: UnsafeRawBufferPointer) throws(RedisClientError) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let status = redisReaderFeed(reader, base.assumingMemoryBound(to: CChar.self), bytes.count)
        if status != REDIS_OK { throw protocolError() }
    }

    /// Appends bytes to the parser's buffer.
    public func feed(_ bytes: [UInt8]) throws(RedisClientError) {
        let status = bytes.withUnsafeBytes { raw -> Int32 in
            guard let base = raw.baseAddress, raw.count > 0 else { return REDIS_OK }
            return redisReaderFeed(reader, base.assumingMemoryBound(to: CChar.self), raw.count)
        }
        if status != REDIS_OK { throw protocolError() }
    }

    /// The next complete reply, or `nil` when more bytes are needed.
    ///
    /// Malformed input throws a ``RedisClientError`` of kind `.protocolError`; the
    /// parser is unusable afterwards, as is the connection it served.
    public func next() throws(RedisClientError) -> RESPValue? {
        var raw: UnsafeMutableRawPointer?
        guard redisReaderGetReply(reader, &raw) == REDIS_OK else { throw protocolError() }
        guard let raw else { return nil }
        let reply = raw.assumingMemoryBound(to: redisReply.self)
        defer { freeReplyObject(raw) }
        return Self.copy(reply)
    }

    private static func copy(_ reply: UnsafeMutablePointer<redisReply>) -> RESPValue {
        let node = reply.pointee
        switch node.type {
        case REDIS_REPLY_STRING:
            return .bulkString(bytes(node))
        case REDIS_REPLY_STATUS:
            return .simpleString(String(decoding: bytes(node), as: UTF8.self))
        case REDIS_REPLY_ERROR:
            return .error(String(decoding: bytes(node), as: UTF8.self))
        case REDIS_REPLY_INTEGER:
            return .integer(Int64(node.integer))
        case REDIS_REPLY_ARRAY:
            guard let elements = node.element else { return .array([]) }
            var values: [RESPValue] = []
            values.reserveCapacity(node.elements)
            for index in 0..<node.elements {
                guard let element = elements[index] else { values.append(.null); continue }
                values.append(copy(element))
            }
            return .array(values)
        default:
            return .null
        }
    }

    private static func bytes(_ node: redisReply) -> [UInt8] {
        guard let pointer = node.str, node.len > 0 else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: pointer, count: node.len))
    }

    private func protocolError() -> RedisClientError {
        let text = withUnsafeBytes(of: reader.pointee.errstr) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        return RedisClientError(.protocolError, "Redis protocol error: \(text.isEmpty ? "malformed reply" : text)")
    }
}
