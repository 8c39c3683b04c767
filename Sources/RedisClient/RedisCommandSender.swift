/// Anything that can run Redis commands: a pooled ``RedisClient``, a
/// ``ManagedConnection`` or a single ``RedisConnection``. The typed helpers
/// (`get`, `xadd`, `hgetall`, ...) are extensions on this protocol.
public protocol RedisCommandSender: Sendable {
    /// Sends one command; an error reply throws ``RedisServerError``, a transport
    /// failure ``RedisClientError``.
    func send(_ command: RedisCommand, timeout: Duration?) async throws -> RESPValue
    /// Sends the commands in one write; one result per command, in order. Server
    /// errors are per command; a transport failure throws for the whole batch.
    func pipeline(_ commands: [RedisCommand], timeout: Duration?) async throws -> RedisPipelineResults
}

extension RedisCommandSender {
    /// Sends one command with the configured command timeout.
    public func send(_ command: RedisCommand) async throws -> RESPValue {
        try await send(command, timeout: nil)
    }

    /// Sends a command built from its name and arguments.
    @discardableResult
    public func send(_ name: String, _ arguments: RedisArgument...) async throws -> RESPValue {
        try await send(RedisCommand(name, arguments), timeout: nil)
    }

    /// An explicit pipeline with the configured command timeout.
    public func pipeline(_ commands: [RedisCommand]) async throws -> RedisPipelineResults {
        try await pipeline(commands, timeout: nil)
    }

    /// Runs the commands inside MULTI/EXEC, written contiguously on one connection.
    ///
    /// Returns EXEC's results, one per command. A command rejected while queueing
    /// (e.g. a wrong arity) aborts the whole transaction and throws that
    /// ``RedisServerError``; nothing runs. A runtime error of one command (e.g.
    /// WRONGTYPE) is its own failed result, as Redis executes the others.
    public func transaction(_ commands: [RedisCommand], timeout: Duration? = nil) async throws -> RedisPipelineResults {
        let replies = try await pipeline([RedisCommand("MULTI")] + commands + [RedisCommand("EXEC")], timeout: timeout)
        for case .failure(let error) in replies.dropLast() {
            throw error
        }
        let exec = try replies[replies.count - 1].get()
        guard let results = exec.array else {
            throw RedisServerError(message: "EXECABORT transaction aborted (EXEC answered \(exec))")
        }
        return results.map { value in
            if case .error(let message) = value { return .failure(RedisServerError(message: message)) }
            return .success(value)
        }
    }
}
