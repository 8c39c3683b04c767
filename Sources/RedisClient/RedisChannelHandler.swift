import NIOCore

/// The connection's protocol engine, confined to its event loop.
///
/// Requests arrive in batches (``write(_:)``), are encoded into one buffer and
/// flushed with one syscall; replies are parsed by hiredis and matched to requests
/// strictly in send order. A periodic tick fails requests past their deadline as
/// "outcome unknown", while their replies, when they come, are still consumed.
final class RedisChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let parser = RESPParser()
    /// In send order. An entry a timeout has failed stays (its continuation gone, or its
    /// collector done) until its reply comes.
    private var pending = CircularBuffer<PendingReply>(initialCapacity: 256)
    private var context: ChannelHandlerContext?
    private var tick: RepeatedTask?
    private let tickInterval: TimeAmount
    private let onClose: @Sendable (RedisClientError) -> Void
    private var closeReason: RedisClientError?
    /// Set once the connection has subscribed (RESP2 pub/sub): `message` arrays are
    /// handed here (channel, payload) instead of to a waiting request.
    var onMessage: ((_ channel: RESPValue, _ payload: RESPValue) -> Void)?
    /// Set by the connection: sends the commands it queued while replies were
    /// outstanding. Called after each read and each tick.
    var sendQueued: (() -> Void)?

    /// No reply is outstanding.
    var allAnswered: Bool { pending.isEmpty }

    init(tickInterval: TimeAmount, onClose: @escaping @Sendable (RedisClientError) -> Void) {
        self.tickInterval = tickInterval
        self.onClose = onClose
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        tick = context.eventLoop.scheduleRepeatedTask(initialDelay: tickInterval, delay: tickInterval) { _ in
            loopBound.value.expireOverdue()
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        shutDown(RedisClientError(.connectionClosed, "Redis connection closed", outcomeUnknown: true))
        self.context = nil
    }

    // MARK: Outbound

    /// Encodes and flushes a batch of requests in one write.
    func write(_ requests: [RedisRequest]) {
        guard let context, closeReason == nil, context.channel.isActive else {
            let error = closeReason ?? RedisClientError(.notConnected, "Redis connection is not open; nothing was sent")
            let notSent = RedisClientError(.notConnected, error.message)
            requests.forEach { $0.fail(notSent) }
            return
        }
        var buffer = context.channel.allocator.buffer(capacity: requests.reduce(0) { $0 + $1.encodedSize })
        for request in requests {
            switch request.payload {
            case .single(let command, let continuation):
                buffer.writeImmutableBuffer(command.encoded)
                pending.append(.single(continuation, name: command.name, deadline: request.deadline, timeout: request.timeout))
            case .batch(let commands, let continuation):
                guard !commands.isEmpty else {
                    continuation.resume(returning: [])
                    continue
                }
                let collector = PipelineCollector(continuation, expected: commands.count, request: request)
                for command in commands {
                    buffer.writeImmutableBuffer(command.encoded)
                    pending.append(.pipelined(collector))
                }
            }
        }
        context.writeAndFlush(NIOAny(buffer), promise: nil)
    }

    // MARK: Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        do {
            try feed(buffer)
            while let reply = try parser.next() {
                deliver(reply)
            }
        } catch {
            let failure = RedisClientError(.protocolError, error.message, outcomeUnknown: true)
            shutDown(failure)
            context.close(promise: nil)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        sendQueued?()
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        shutDown(RedisClientError(.connectionClosed, "Redis connection closed by the server or the network", outcomeUnknown: true))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        shutDown(RedisClientError(.connectionClosed, "Redis connection failed: \(error)", outcomeUnknown: true))
        context.close(promise: nil)
    }

    private func feed(_ buffer: ByteBuffer) throws(RedisClientError) {
        var failure: RedisClientError?
        buffer.withUnsafeReadableBytes { raw in
            do throws(RedisClientError) { try parser.feed(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    private func deliver(_ reply: RESPValue) {
        if let onMessage, case .array(let parts) = reply, parts.count == 3, parts[0] == "message" {
            onMessage(parts[1], parts[2])
            return
        }
        guard let head = pending.popFirst() else {
            // A reply nobody asked for: the stream is out of step; drop the connection.
            shutDown(RedisClientError(.protocolError, "Redis sent a reply with no request waiting for it", outcomeUnknown: true))
            context?.close(promise: nil)
            return
        }
        switch head {
        case .single(let continuation, _, _, _):
            if case .error(let message) = reply {
                continuation?.resume(throwing: RedisServerError(message: message))
            } else {
                continuation?.resume(returning: reply)
            }
        case .pipelined(let collector):
            collector.deliver(reply)
        }
    }

    // MARK: Timeouts and shutdown

    /// Fails every request whose deadline has passed, wherever it waits: one with a short
    /// timeout may wait behind one with a long timeout (DEBUG SLEEP, a slow Function).
    /// Its reply, when it comes, is consumed and dropped.
    func expireOverdue() {
        let now = NIODeadline.now()
        var index = pending.startIndex
        while index != pending.endIndex {
            switch pending[index] {
            case .single(let continuation?, let name, let deadline, let timeout) where deadline <= now:
                continuation.resume(throwing: RedisClientError.timedOut(name, after: timeout))
                pending[index] = .single(nil, name: name, deadline: deadline, timeout: timeout)
            case .pipelined(let collector) where !collector.isDone && collector.deadline <= now:
                collector.fail(RedisClientError.timedOut(collector.name, after: collector.timeout))
            default:
                break
            }
            index = pending.index(after: index)
        }
        // What was queued behind replies that do not come (a stuck server) goes out
        // now, and times out like everything sent.
        sendQueued?()
    }

    private func shutDown(_ reason: RedisClientError) {
        guard closeReason == nil else { return }
        closeReason = reason
        tick?.cancel()
        tick = nil
        let waiting = pending
        pending.removeAll()
        for entry in waiting {
            switch entry {
            case .single(let continuation, _, _, _): continuation?.resume(throwing: reason)
            case .pipelined(let collector): collector.fail(reason)
            }
        }
        onClose(reason)
    }
}
