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

    // Unchecked: only the parser's callbacks touch these, one at a time, on one thread;
    // the dynamic exclusivity checks cost about a tenth of the client's CPU on array replies.
    @exclusivity(unchecked) private var open: [OpenArray] = []
    @exclusivity(unchecked) private var root: RESPValue?

    func add(_ value: consuming RESPValue) {
        var completed = value
        while !open.isEmpty {
            let last = open.count - 1
            open[last].elements.append(consume completed)
            guard open[last].elements.count == open[last].expected else { return }
            completed = .array(open.removeLast().elements)
        }
        root = consume completed
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

/// Runs `body` on the reader's builder without retaining it: the parser owns the
/// builder for as long as hiredis can call back.
private func withBuilder(_ task: UnsafePointer<redisReadTask>?, _ body: (ReplyBuilder) -> Void) {
    Unmanaged<ReplyBuilder>.fromOpaque(task!.pointee.privdata!)._withUnsafeGuaranteedRef(body)
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
                // `Array(_:)` over typed bytes is specialized here; `unsafeUninitializedCapacity`
                // went through the unspecialized buffer init, a metadata lookup per value.
                value = .bulkString(Array(bytes.assumingMemoryBound(to: UInt8.self)))
            }
            withBuilder(task) { $0.add(value) }
            return token
        },
        createArray: { task, count in
            withBuilder(task) { $0.beginArray(Int(count)) }
            return token
        },
        createInteger: { task, number in
            withBuilder(task) { $0.add(.integer(Int64(number))) }
            return token
        },
        createNil: { task in
            withBuilder(task) { $0.add(.null) }
            return token
        },
        freeObject: { _ in }
    ))
    return functions
}()
