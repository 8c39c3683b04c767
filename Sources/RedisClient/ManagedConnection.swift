import CoreMetrics
import NIOCore
import NIOPosix
import Synchronization

/// A connection that reconnects by itself, with exponential backoff, after the
/// server goes away.
///
/// - While connected, commands go straight to the live ``RedisConnection``.
/// - While a connect attempt runs, commands wait for it (at most the connect timeout).
/// - Between attempts, commands fail at once with `.notConnected`: nothing was sent,
///   so they are safe to retry. Commands in flight when the connection dropped fail
///   with `.connectionClosed` and `outcomeUnknown`.
/// - Failed calls, error replies and reconnects are counted as metrics
///   (``RedisConnectionMetrics``: `cqrs_redis_errors_total`, `cqrs_redis_reconnects_total`).
public final class ManagedConnection: RedisCommandSender {
    private enum State {
        case idle(lastError: RedisClientError?, failures: Int, retryAt: NIODeadline)
        case connecting(EventLoopFuture<RedisConnection>, failures: Int)
        case connected(RedisConnection)
        case shutdown
    }

    private enum Next {
        case use(RedisConnection)
        case wait(EventLoopFuture<RedisConnection>)
        case fail(RedisClientError)
    }

    public let configuration: RedisConfiguration
    private let eventLoop: any EventLoop
    private let state: Mutex<State>
    let metrics: RedisConnectionMetrics
    /// Whether a connection was ever open: the next one is a reconnect.
    private let hasConnected = Atomic<Bool>(false)

    /// A connection that opens lazily, on first use, and reports its metrics to
    /// `metricsFactory` (the process-wide swift-metrics backend unless given).
    public init(
        _ configuration: RedisConfiguration, eventLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.next(),
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) {
        self.configuration = configuration
        self.eventLoop = eventLoop
        self.state = Mutex(.idle(lastError: nil, failures: 0, retryAt: .uptimeNanoseconds(0)))
        self.metrics = RedisConnectionMetrics(client: configuration.metricsLabel, factory: metricsFactory)
    }

    /// The live connection, connecting first if needed.
    public func connection() async throws -> RedisConnection {
        switch nextStep() {
        case .use(let connection): return connection
        case .fail(let error): throw error
        case .wait(let future):
            do {
                return try await future.get()
            } catch let error as RedisClientError {
                throw error
            } catch {
                throw RedisClientError(.connectFailed, "cannot connect to \(configuration.redactedURL): \(error)")
            }
        }
    }

    public func send(_ command: RedisCommand, timeout: Duration?) async throws -> RESPValue {
        do {
            return try await connection().send(command, timeout: timeout)
        } catch {
            metrics.failed(error, command: command.name)
            throw error
        }
    }

    public func pipeline(_ commands: [RedisCommand], timeout: Duration?) async throws -> RedisPipelineResults {
        let results: RedisPipelineResults
        do {
            results = try await connection().pipeline(commands, timeout: timeout)
        } catch {
            metrics.failed(error, command: commands.first?.name ?? "")
            throw error
        }
        metrics.replies(results, to: commands)
        return results
    }

    /// Closes the connection and stops reconnecting. Later calls fail with `.shutdown`.
    public func close() {
        let previous = state.withLock { state -> State in
            defer { state = .shutdown }
            return state
        }
        switch previous {
        case .connected(let connection): connection.close()
        case .connecting(let future, _): future.whenSuccess { $0.close() }
        case .idle, .shutdown: break
        }
    }

    private func nextStep() -> Next {
        let (next, attempt) = state.withLock { state -> (Next, EventLoopFuture<RedisConnection>?) in
            switch state {
            case .connected(let connection):
                return (.use(connection), nil)
            case .connecting(let future, _):
                return (.wait(future), nil)
            case .shutdown:
                return (.fail(RedisClientError(.shutdown, "the Redis client for \(configuration.redactedURL) was shut down")), nil)
            case .idle(let lastError, let failures, let retryAt):
                let now = NIODeadline.now()
                if let lastError, now < retryAt {
                    let wait = (retryAt - now).nanoseconds / 1_000_000
                    return (.fail(RedisClientError(
                        .notConnected,
                        "not connected to \(configuration.redactedURL) (\(lastError.message)); next attempt in \(wait) ms; nothing was sent"
                    )), nil)
                }
                let future = startConnecting()
                state = .connecting(future, failures: failures)
                return (.wait(future), future)
            }
        }
        attempt.map(watch)
        return next
    }

    private func startConnecting() -> EventLoopFuture<RedisConnection> {
        let configuration = configuration
        let eventLoop = eventLoop
        return eventLoop.makeFutureWithTask { try await RedisConnection.connect(configuration, on: eventLoop) }
    }

    /// Follows a connect attempt: on success, watches the connection for its close;
    /// on failure, schedules the next attempt with backoff.
    private func watch(_ attempt: EventLoopFuture<RedisConnection>) {
        attempt.whenComplete { result in
            switch result {
            case .success(let connection):
                let keep = self.state.withLock { state -> Bool in
                    guard case .connecting = state else { return false }
                    state = .connected(connection)
                    return true
                }
                guard keep else { return connection.close() }
                if self.hasConnected.exchange(true, ordering: .relaxed) { self.metrics.reconnects.increment() }
                connection.closeFuture.whenComplete { _ in self.connectionDropped(connection) }
            case .failure(let error):
                let failure = error as? RedisClientError ?? RedisClientError(.connectFailed, "\(error)")
                let delay = self.state.withLock { state -> TimeAmount? in
                    guard case .connecting(_, let failures) = state else { return nil }
                    let delay = self.backoff(afterFailures: failures + 1)
                    state = .idle(lastError: failure, failures: failures + 1, retryAt: .now() + delay)
                    return delay
                }
                if let delay { self.scheduleReconnect(in: delay) }
            }
        }
    }

    private func connectionDropped(_ connection: RedisConnection) {
        let reconnect = state.withLock { state -> Bool in
            guard case .connected(let current) = state, current === connection else { return false }
            state = .idle(
                lastError: RedisClientError(.connectionClosed, "the connection to \(configuration.redactedURL) was lost"),
                failures: 0, retryAt: .now()
            )
            return true
        }
        if reconnect { reconnectIfIdle() }
    }

    private func scheduleReconnect(in delay: TimeAmount) {
        eventLoop.scheduleTask(in: delay) { self.reconnectIfIdle() }
    }

    /// Starts an attempt in the background if nobody else has, so the client
    /// recovers even without traffic.
    private func reconnectIfIdle() {
        let attempt = state.withLock { state -> EventLoopFuture<RedisConnection>? in
            guard case .idle(_, let failures, let retryAt) = state, NIODeadline.now() >= retryAt else { return nil }
            let future = startConnecting()
            state = .connecting(future, failures: failures)
            return future
        }
        attempt.map(watch)
    }

    private func backoff(afterFailures failures: Int) -> TimeAmount {
        let minimum = TimeAmount(configuration.minimumReconnectDelay).nanoseconds
        let maximum = TimeAmount(configuration.maximumReconnectDelay).nanoseconds
        let exponential = minimum << Int64(min(failures - 1, 20))
        let capped = min(exponential, maximum)
        let jitter = Int64.random(in: 0...(capped / 4))
        return .nanoseconds(capped - capped / 8 + jitter)
    }
}
