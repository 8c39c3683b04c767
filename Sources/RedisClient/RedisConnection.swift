import NIOCore
import NIOPosix
import Synchronization

/// One TCP connection to Redis. Thread-safe: any number of tasks may send at once,
/// and their commands are pipelined on the wire.
///
/// Commands submitted while the event loop is busy are coalesced: one event-loop
/// hop and one `write` syscall carry all of them. Single commands submitted while replies
/// are outstanding wait for the read that brings them, and go out together then, without
/// waking the event loop: Redis would run them after the outstanding ones anyway. An
/// explicit pipeline goes at once.
/// Replies are matched in order.
/// After the connection closes, every call fails; ``ManagedConnection`` reconnects.
public final class RedisConnection: Sendable {
    private struct Submissions: ~Copyable {
        var queue: [RedisRequest] = []
        var drainScheduled = false
        /// Sent commands await replies: the handler's next read (or tick) sends the queue.
        var awaitingReplies = false
        var closed: RedisClientError?

        mutating func takeQueue() -> [RedisRequest] {
            var taken: [RedisRequest] = []
            swap(&taken, &queue)
            return taken
        }
    }

    public let configuration: RedisConfiguration
    let channel: any Channel
    let handler: NIOLoopBound<RedisChannelHandler>
    private let submissions: Mutex<Submissions>

    private init(configuration: RedisConfiguration, channel: any Channel, handler: NIOLoopBound<RedisChannelHandler>) {
        self.configuration = configuration
        self.channel = channel
        self.handler = handler
        self.submissions = Mutex(Submissions())
    }

    /// Opens a connection and runs the handshake: AUTH (with the ACL user, if any),
    /// SELECT, CLIENT SETNAME. Fails with `.connectFailed` naming the cause.
    public static func connect(
        _ configuration: RedisConfiguration,
        on eventLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.next()
    ) async throws -> RedisConnection {
        let closeRelay = CloseRelay()
        let tick = TimeAmount(configuration.commandTimeout / 10).clamped(min: .milliseconds(5), max: .milliseconds(100))
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: eventLoop)
                .connectTimeout(TimeAmount(configuration.connectTimeout))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelOption(.socketOption(.so_keepalive), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = RedisChannelHandler(tickInterval: tick) { closeRelay.fire($0) }
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                }
                .connect(host: configuration.host, port: configuration.port)
                .get()
        } catch {
            throw RedisClientError(.connectFailed, "cannot connect to \(configuration.redactedURL): \(error)")
        }
        let handler = try await channel.eventLoop.submit {
            NIOLoopBound(try channel.pipeline.syncOperations.handler(type: RedisChannelHandler.self), eventLoop: channel.eventLoop)
        }.get()
        let connection = RedisConnection(configuration: configuration, channel: channel, handler: handler)
        closeRelay.connection.withLock { $0 = connection }
        do {
            try await channel.eventLoop.submit {
                handler.value.sendQueued = { [weak connection] in connection?.send(endingDrain: false) }
            }.get()
            try await connection.handshake()
        } catch {
            connection.close()
            throw RedisClientError(.connectFailed, "connected to \(configuration.redactedURL) but the handshake failed: \(error)")
        }
        return connection
    }

    private func handshake() async throws {
        var commands: [RedisCommand] = []
        if let password = configuration.password {
            if let username = configuration.username {
                commands.append(RedisCommand("AUTH", [.string(username), .string(password)]))
            } else {
                commands.append(RedisCommand("AUTH", [.string(password)]))
            }
        }
        if configuration.database != 0 {
            commands.append(RedisCommand("SELECT", [.integer(Int64(configuration.database))]))
        }
        if let name = configuration.clientName {
            commands.append(RedisCommand("CLIENT", ["SETNAME", .string(name)]))
        }
        guard !commands.isEmpty else { return }
        for result in try await pipeline(commands, timeout: configuration.connectTimeout) {
            _ = try result.get()
        }
    }

    /// True until the connection closes.
    public var isOpen: Bool { submissions.withLock { $0.closed == nil } }

    /// Completes when the connection has closed.
    public var closeFuture: EventLoopFuture<Void> { channel.closeFuture }

    /// Closes the connection; commands in flight fail with `.connectionClosed`.
    public func close() {
        channel.close(promise: nil)
    }

    /// Sends one command and waits for its reply. An error reply throws ``RedisServerError``.
    public func send(_ command: RedisCommand, timeout: Duration? = nil) async throws -> RESPValue {
        let timeout = timeout ?? configuration.commandTimeout
        let deadline = NIODeadline.now() + TimeAmount(timeout)
        return try await withUnsafeThrowingContinuation { continuation in
            submit(RedisRequest(payload: .single(command, continuation), deadline: deadline, timeout: timeout))
        }
    }

    /// Sends all commands in one write and returns one result per command, in order.
    public func pipeline(_ commands: [RedisCommand], timeout: Duration? = nil) async throws -> RedisPipelineResults {
        let timeout = timeout ?? configuration.commandTimeout
        let deadline = NIODeadline.now() + TimeAmount(timeout)
        return try await withUnsafeThrowingContinuation { continuation in
            submit(RedisRequest(payload: .batch(commands, continuation), deadline: deadline, timeout: timeout))
        }
    }

    private func submit(_ request: RedisRequest) {
        let (closed, scheduleDrain) = submissions.withLock { state -> (RedisClientError?, Bool) in
            if let closed = state.closed { return (closed, false) }
            state.queue.append(request)
            // An explicit pipeline is a batch already: it goes at once, keeping Redis fed.
            guard !state.drainScheduled, !(state.awaitingReplies && request.isSingle) else { return (nil, false) }
            state.drainScheduled = true
            return (nil, true)
        }
        if let closed {
            request.fail(RedisClientError(.notConnected, "\(closed.message); nothing was sent"))
        } else if scheduleDrain {
            channel.eventLoop.execute { self.send(endingDrain: true) }
        }
    }

    /// Runs on the event loop: hands everything submitted so far to the handler in one
    /// batch. Called by the drain a submit scheduled (`endingDrain`), and by the handler
    /// after each read and tick, for what was queued while replies were outstanding.
    private func send(endingDrain: Bool) {
        let allAnswered = handler.value.allAnswered
        let batch = submissions.withLock { state -> [RedisRequest] in
            if endingDrain { state.drainScheduled = false }
            let taken = state.takeQueue()
            state.awaitingReplies = !allAnswered || taken.contains(where: \.expectsReply)
            return taken
        }
        if !batch.isEmpty { handler.value.write(batch) }
    }

    /// Called once when the channel closes: fail what was never handed to the loop.
    fileprivate func markClosed(_ reason: RedisClientError) {
        let stranded = submissions.withLock { state -> [RedisRequest] in
            state.closed = reason
            return state.takeQueue()
        }
        let notSent = RedisClientError(.notConnected, "\(reason.message); nothing was sent")
        stranded.forEach { $0.fail(notSent) }
    }
}

/// Lets the channel handler, created before the connection object, report the close.
private final class CloseRelay: Sendable {
    let connection = Mutex<RedisConnection?>(nil)
    func fire(_ reason: RedisClientError) {
        connection.withLock { $0 }?.markClosed(reason)
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    func clamped(min lower: TimeAmount, max upper: TimeAmount) -> TimeAmount {
        Swift.min(Swift.max(self, lower), upper)
    }
}
