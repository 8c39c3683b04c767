extension RedisCommand {
    public static func hset(_ key: String, _ fields: [(String, RedisArgument)]) -> RedisCommand {
        var arguments: [RedisArgument] = [.string(key)]
        arguments.reserveCapacity(1 + fields.count * 2)
        for (field, value) in fields {
            arguments.append(.string(field))
            arguments.append(value)
        }
        return RedisCommand("HSET", arguments, key: key)
    }

    public static func hget(_ key: String, _ field: String) -> RedisCommand {
        RedisCommand("HGET", [.string(key), .string(field)], key: key)
    }
    public static func hmget(_ key: String, _ fields: [String]) -> RedisCommand {
        RedisCommand("HMGET", [.string(key)] + fields.map { .string($0) }, key: key)
    }
    public static func hgetall(_ key: String) -> RedisCommand { RedisCommand("HGETALL", [.string(key)], key: key) }
    public static func hdel(_ key: String, _ fields: [String]) -> RedisCommand {
        RedisCommand("HDEL", [.string(key)] + fields.map { .string($0) }, key: key)
    }
    public static func hincrby(_ key: String, _ field: String, by amount: Int64) -> RedisCommand {
        RedisCommand("HINCRBY", [.string(key), .string(field), .integer(amount)], key: key)
    }
    public static func hlen(_ key: String) -> RedisCommand { RedisCommand("HLEN", [.string(key)], key: key) }
}

extension RedisCommandSender {
    /// All fields of a hash as text (empty when the key does not exist).
    public func hgetall(_ key: String) async throws -> [String: String] {
        try await send(.hgetall(key)).fieldPairs(for: "HGETALL")
    }

    /// One field of a hash as text.
    public func hget(_ key: String, _ field: String) async throws -> String? {
        try await send(.hget(key, field)).string
    }

    /// Sets fields of a hash; returns how many were new.
    @discardableResult
    public func hset(_ key: String, _ fields: [(String, RedisArgument)]) async throws -> Int {
        Int(try await send(.hset(key, fields)).int ?? 0)
    }
}

extension RESPValue {
    /// A flat `[field, value, field, value, ...]` array read as a dictionary of text.
    public func fieldPairs(for command: String) throws(RedisClientError) -> [String: String] {
        if isNull { return [:] }
        guard let elements = array, elements.count % 2 == 0 else { throw .unexpected(self, for: command) }
        var result: [String: String] = [:]
        result.reserveCapacity(elements.count / 2)
        var index = 0
        while index < elements.count {
            if let field = elements[index].string, let value = elements[index + 1].string {
                result[field] = value
            }
            index += 2
        }
        return result
    }
}
