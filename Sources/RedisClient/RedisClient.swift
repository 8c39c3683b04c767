import CoreMetrics
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// A small pool of auto-pipelining, self-reconnecting connections.
///
/// Any number of tasks may call it at once; each call picks a connection round-robin
/// and its command is pipelined with everyone else's. Blocking commands
/// (`XREADGROUP ... BLOCK`, `BLPOP`, ...) are refused here, since they would stall
/// every command queued behind them: use ``dedicatedConnection(commandTimeout:)``.
///
/// Commands that depend on their connection's state must share one call: `WAIT`
/// counts only the writes of its own connection, so send it in one ``pipeline(_:timeout:)``
/// with the writes it waits for (the same holds for MULTI/EXEC: use `transaction`).
public final class RedisClient: RedisCommandSender {
    public let configuration: RedisConfiguration
    private let connections: [ManagedConnection]
    private let next = Atomic<Int>(0)
    private let eventLoopGroup: any EventLoopGroup
    private let metricsFactory: any MetricsFactory

    /// A client for the configuration. Connections open lazily, on first use. Their
    /// errors and reconnects are counted through `metricsFactory` (the process-wide
    /// swift-metrics backend unless given; see ``ManagedConnection``).
    public init(
        _ configuration: RedisConfiguration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.metricsFactory = metricsFactory
        self.connections = (0..<max(1, configuration.poolSize)).map { _ in
            ManagedConnection(configuration, eventLoop: eventLoopGroup.next(), metricsFactory: metricsFactory)
        }
    }

    /// A client for `redis://...`.
    public convenience init(url: String) throws(RedisClientError) {
        self.init(try RedisConfiguration(url: url))
    }

    private func pick() -> ManagedConnection {
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return connections[(index & Int.max) % connections.count]
    }

    public func send(_ command: RedisCommand, timeout: Duration?) async throws -> RESPValue {
        if command.isBlocking {
            throw RedisClientError(
                .invalidConfiguration,
                "\(command.name) with BLOCK would stall the shared pool; send it on a dedicatedConnection()"
            )
        }
        return try await pick().send(command, timeout: timeout)
    }

    public func pipeline(_ commands: [RedisCommand], timeout: Duration?) async throws -> RedisPipelineResults {
        if let blocking = commands.first(where: \.isBlocking) {
            throw RedisClientError(.invalidConfiguration, "\(blocking.name) with BLOCK cannot share the pool; use a dedicatedConnection()")
        }
        return try await pick().pipeline(commands, timeout: timeout)
    }

    /// Checks that the server answers (opens a connection if none is open).
    public func ping() async throws {
        _ = try await send(RedisCommand("PING"))
    }

    /// A connection of its own, for blocking reads such as `XREADGROUP ... BLOCK`.
    /// It reconnects like the pooled ones. The typed blocking helpers pass a timeout
    /// longer than the block time, so a block never counts as a timeout.
    public func dedicatedConnection(commandTimeout: Duration? = nil) -> ManagedConnection {
        var configuration = configuration
        if let commandTimeout { configuration.commandTimeout = commandTimeout }
        return ManagedConnection(configuration, eventLoop: eventLoopGroup.next(), metricsFactory: metricsFactory)
    }

    /// Closes every pooled connection. Later calls fail with `.shutdown`.
    public func close() {
        connections.forEach { $0.close() }
    }
}
