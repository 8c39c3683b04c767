import CommandAPI
import EventSourcing
import Foundation
import RedisClient

/// Sends commands through the queue and reads their results: what a client does
/// with `XADD` and `HGETALL`, typed.
public struct CommandQueueClient: Sendable {
    public let redis: any RedisCommandSender
    public let keys: CommandQueueKeys

    public init(redis: any RedisCommandSender, keys: CommandQueueKeys = CommandQueueKeys()) {
        self.redis = redis
        self.keys = keys
    }

    /// Adds a command to the stream; returns the entry id. `body` is the HTTP body of
    /// the command, plus `"productId"` for the commands that address an existing product.
    @discardableResult
    public func submit(_ kind: CommandKind, body: JSONValue, commandId: UUID = .random(), expectedVersion: Int64? = nil) async throws -> String {
        var fields: [(String, RedisArgument)] = [
            ("commandId", .string(commandId.lowercasedString)), ("type", .string(kind.rawValue)),
            ("body", .bytes(body.serializedBytes())),
        ]
        if let expectedVersion { fields.append(("expectedVersion", .integer(expectedVersion))) }
        return try await redis.xadd(keys.stream, fields: fields)
    }

    /// The result of a command, or `nil` while it has none (not yet run, or expired).
    /// `id` is the command id, or the entry id of an entry without a valid one.
    public func result(_ id: String) async throws -> CommandResult? {
        CommandResultRecord.read(try await redis.hgetall(keys.result(id.lowercased())))
    }

    /// The result of a command id.
    public func result(commandId: UUID) async throws -> CommandResult? {
        try await result(commandId.lowercasedString)
    }

    /// Polls for a result until it appears or `timeout` passes (then `nil`).
    public func waitForResult(_ id: String, timeout: Duration = .seconds(10), poll: Duration = .milliseconds(20)) async throws -> CommandResult? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let result = try await result(id) { return result }
            guard ContinuousClock.now < deadline else { return nil }
            try await Task.sleep(for: poll)
        }
    }
}
