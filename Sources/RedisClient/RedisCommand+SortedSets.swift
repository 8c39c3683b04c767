extension RedisCommand {
    public static func zadd(_ key: String, _ members: [(score: Double, member: String)]) -> RedisCommand {
        var arguments: [RedisArgument] = [.string(key)]
        for (score, member) in members {
            arguments.append(.double(score))
            arguments.append(.string(member))
        }
        return RedisCommand("ZADD", arguments, key: key)
    }

    public static func zrem(_ key: String, _ members: [String]) -> RedisCommand {
        RedisCommand("ZREM", [.string(key)] + members.map { .string($0) }, key: key)
    }
    public static func zscore(_ key: String, _ member: String) -> RedisCommand {
        RedisCommand("ZSCORE", [.string(key), .string(member)], key: key)
    }
    public static func zincrby(_ key: String, _ amount: Double, _ member: String) -> RedisCommand {
        RedisCommand("ZINCRBY", [.string(key), .double(amount), .string(member)], key: key)
    }
    public static func zcard(_ key: String) -> RedisCommand { RedisCommand("ZCARD", [.string(key)], key: key) }

    /// `ZRANGE key start stop` by rank.
    public static func zrange(_ key: String, _ start: Int, _ stop: Int) -> RedisCommand {
        RedisCommand("ZRANGE", [.string(key), .integer(Int64(start)), .integer(Int64(stop))], key: key)
    }

    /// `ZREVRANGE key start stop WITHSCORES`: best first.
    public static func zrevrangeWithScores(_ key: String, _ start: Int, _ stop: Int) -> RedisCommand {
        RedisCommand("ZREVRANGE", [.string(key), .integer(Int64(start)), .integer(Int64(stop)), "WITHSCORES"], key: key)
    }

    /// `ZRANGEBYLEX key min max [LIMIT offset count]`; bounds use Redis syntax (`[a`, `(a`, `-`, `+`).
    public static func zrangebylex(_ key: String, min: String, max: String, offset: Int? = nil, count: Int? = nil) -> RedisCommand {
        var arguments: [RedisArgument] = [.string(key), .string(min), .string(max)]
        if let count { arguments += ["LIMIT", .integer(Int64(offset ?? 0)), .integer(Int64(count))] }
        return RedisCommand("ZRANGEBYLEX", arguments, key: key)
    }

    /// `ZRANGEBYSCORE key min max [LIMIT offset count]`.
    public static func zrangebyscore(_ key: String, min: String, max: String, offset: Int? = nil, count: Int? = nil) -> RedisCommand {
        var arguments: [RedisArgument] = [.string(key), .string(min), .string(max)]
        if let count { arguments += ["LIMIT", .integer(Int64(offset ?? 0)), .integer(Int64(count))] }
        return RedisCommand("ZRANGEBYSCORE", arguments, key: key)
    }
}

extension RedisCommandSender {
    /// Members with scores, best first, for ranks `start...stop`.
    public func zrevrangeWithScores(_ key: String, _ start: Int, _ stop: Int) async throws -> [(member: String, score: Double)] {
        let reply = try await send(.zrevrangeWithScores(key, start, stop))
        guard let elements = reply.array, elements.count % 2 == 0 else { throw RedisClientError.unexpected(reply, for: "ZREVRANGE") }
        return stride(from: 0, to: elements.count, by: 2).compactMap { index in
            guard let member = elements[index].string, let score = elements[index + 1].double else { return nil }
            return (member, score)
        }
    }

    /// Members in a lexicographic range.
    public func zrangebylex(_ key: String, min: String, max: String, offset: Int? = nil, count: Int? = nil) async throws -> [String] {
        let reply = try await send(.zrangebylex(key, min: min, max: max, offset: offset, count: count))
        guard let elements = reply.array else { throw RedisClientError.unexpected(reply, for: "ZRANGEBYLEX") }
        return elements.compactMap(\.string)
    }
}
