import LocalRedis
import RedisClient

/// Runs `body` with one connection to a fresh redis-server, its commands timing out after
/// `commandTimeout` (the configuration's default if nil); the connection is closed when
/// `body` returns.
func withOneConnection(commandTimeout: Duration? = nil, _ body: (RedisConnection) async throws -> Void) async throws {
    try await RedisServer.with { server async throws in
        var config = server.configuration
        if let commandTimeout { config.commandTimeout = commandTimeout }
        let connection = try await RedisConnection.connect(config)
        defer { connection.close() }
        try await body(connection)
    }
}
