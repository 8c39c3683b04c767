extension RedisCommand {
    public static func sadd(_ key: String, _ members: [String]) -> RedisCommand {
        RedisCommand("SADD", [.string(key)] + members.map { .string($0) }, key: key)
    }
    public static func srem(_ key: String, _ members: [String]) -> RedisCommand {
        RedisCommand("SREM", [.string(key)] + members.map { .string($0) }, key: key)
    }
    public static func smembers(_ key: String) -> RedisCommand { RedisCommand("SMEMBERS", [.string(key)], key: key) }
    public static func sismember(_ key: String, _ member: String) -> RedisCommand {
        RedisCommand("SISMEMBER", [.string(key), .string(member)], key: key)
    }
    public static func scard(_ key: String) -> RedisCommand { RedisCommand("SCARD", [.string(key)], key: key) }
}

extension RedisCommandSender {
    /// The members of a set, as text.
    public func smembers(_ key: String) async throws -> Set<String> {
        let reply = try await send(.smembers(key))
        guard let elements = reply.array else { throw RedisClientError.unexpected(reply, for: "SMEMBERS") }
        return Set(elements.compactMap(\.string))
    }
}
