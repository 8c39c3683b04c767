import CommandAPI
import EventSourcing
import RedisClient

/// How a ``CommandResult`` is stored: the hash `<prefix>:command-result:<id>` with
/// fields `status` (e.g. `200`), `body` (the JSON answer, as over HTTP) and `entryId`.
enum CommandResultRecord {
    /// The commands that store `result` for `entryId` under `key` with a TTL.
    static func write(_ result: CommandResult, entryId: String, key: String, ttl: Duration) -> [RedisCommand] {
        [
            .hset(key, [("status", .integer(Int64(result.status))), ("body", .bytes(result.body.serializedBytes())), ("entryId", .string(entryId))]),
            .expire(key, seconds: max(1, Int(ttl.components.seconds))),
        ]
    }

    /// The stored result, or `nil` if the hash is absent or not one of ours.
    static func read(_ fields: [String: String]) -> CommandResult? {
        guard let status = fields["status"].flatMap(Int.init), let text = fields["body"],
              let body = try? JSONValue(parsing: text)
        else { return nil }
        return CommandResult(status: status, body: body)
    }
}
