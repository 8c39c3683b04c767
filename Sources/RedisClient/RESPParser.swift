import CHiredis

/// Incremental RESP parser over hiredis's `redisReader`.
///
/// Feed it bytes as they arrive, in pieces of any size, then take complete replies
/// with ``next()``. hiredis does the parsing; instead of its default `redisReply`
/// objects (two mallocs per element, then a copy), our reply-object callbacks build
/// ``RESPValue``s directly, so no C object outlives a callback and no pointer leaves
/// this type. Not thread-safe: one parser per connection, used on its event loop.
public final class RESPParser {
    private let reader: UnsafeMutablePointer<redisReader>
    private let builder = ReplyBuilder()

    public init() {
        guard let reader = redisReaderCreateWithFunctions(replyFunctions) else {
            fatalError("hiredis could not allocate a reader (out of memory)")
        }
        self.reader = reader
        reader.pointee.privdata = Unmanaged.passUnretained(builder).toOpaque()
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
        guard redisReaderGetReply(reader, &raw) == REDIS_OK else {
            builder.reset()
            throw protocolError()
        }
        guard raw != nil else { return nil }
        return builder.takeRoot()
    }

    private func protocolError() -> RedisClientError {
        let text = withUnsafeBytes(of: reader.pointee.errstr) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        return RedisClientError(.protocolError, "Redis protocol error: \(text.isEmpty ? "malformed reply" : text)")
    }
}

/// Assembles one reply from hiredis's callbacks, which come depth-first in wire order:
/// an array announces its length, then each element follows.
final class ReplyBuilder {
    /// An array whose elements are still arriving.
    private struct OpenArray {
        var elements: [RESPValue]
        let expected: Int
    }

    private var open: [OpenArray] = []
    private var root: RESPValue?

    func add(_ value: RESPValue) {
        var value = value
        while let last = open.indices.last {
            open[last].elements.append(value)
            guard open[last].elements.count == open[last].expected else { return }
            value = .array(open.removeLast().elements)
        }
        root = value
    }

    func beginArray(_ count: Int) {
        guard count > 0 else { return add(.array([])) }
        var elements: [RESPValue] = []
        elements.reserveCapacity(count)
        open.append(OpenArray(elements: elements, expected: count))
    }

    func takeRoot() -> RESPValue {
        defer { root = nil }
        return root ?? .null
    }

    func reset() {
        open.removeAll()
        root = nil
    }
}

private func builder(_ task: UnsafePointer<redisReadTask>?) -> ReplyBuilder {
    Unmanaged<ReplyBuilder>.fromOpaque(task!.pointee.privdata!).takeUnretainedValue()
}

/// hiredis only needs a non-NULL object back (NULL means out of memory); the values
/// themselves live in the builder.
private var token: UnsafeMutableRawPointer { UnsafeMutableRawPointer(bitPattern: 0x1)! }

/// The callbacks hiredis calls instead of building `redisReply` objects. Immutable
/// after initialisation; hiredis only reads it.
nonisolated(unsafe) private let replyFunctions: UnsafeMutablePointer<redisReplyObjectFunctions> = {
    let functions = UnsafeMutablePointer<redisReplyObjectFunctions>.allocate(capacity: 1)
    functions.initialize(to: redisReplyObjectFunctions(
        createString: { task, pointer, length in
            let bytes = UnsafeRawBufferPointer(start: pointer, count: length)
            let value: RESPValue
            switch task!.pointee.type {
            case REDIS_REPLY_STATUS: value = .simpleString(String(decoding: bytes, as: UTF8.self))
            case REDIS_REPLY_ERROR: value = .error(String(decoding: bytes, as: UTF8.self))
            default:
                value = .bulkString([UInt8](unsafeUninitializedCapacity: length) { storage, count in
                    if length > 0 { storage.baseAddress!.update(from: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), count: length) }
                    count = length
                })
            }
            builder(task).add(value)
            return token
        },
        createArray: { task, count in
            builder(task).beginArray(Int(count))
            return token
        },
        createInteger: { task, number in
            builder(task).add(.integer(Int64(number)))
            return token
        },
        createNil: { task in
            builder(task).add(.null)
            return token
        },
        freeObject: { _ in }
    ))
    return functions
}()
