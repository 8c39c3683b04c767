extension RedisCommand {
    public static func get(_ key: String) -> RedisCommand { RedisCommand("GET", [.string(key)], key: key) }

    /// `SET key value [EX seconds] [NX]`.
    public static func set(_ key: String, _ value: RedisArgument, expireSeconds: Int? = nil, onlyIfAbsent: Bool = false) -> RedisCommand {
        var arguments: [RedisArgument] = [.string(key), value]
        if let expireSeconds { arguments += ["EX", .integer(Int64(expireSeconds))] }
        if onlyIfAbsent { arguments.append("NX") }
        return RedisCommand("SET", arguments, key: key)
    }

    public static func del(_ keys: [String]) -> RedisCommand { RedisCommand("DEL", keys.map { .string($0) }, key: keys.first) }
    public static func unlink(_ keys: [String]) -> RedisCommand { RedisCommand("UNLINK", keys.map { .string($0) }, key: keys.first) }
    public static func exists(_ key: String) -> RedisCommand { RedisCommand("EXISTS", [.string(key)], key: key) }
    public static func incr(_ key: String) -> RedisCommand { RedisCommand("INCR", [.string(key)], key: key) }
    public static func expire(_ key: String, seconds: Int) -> RedisCommand {
        RedisCommand("EXPIRE", [.string(key), .integer(Int64(seconds))], key: key)
    }
    public static func ttl(_ key: String) -> RedisCommand { RedisCommand("TTL", [.string(key)], key: key) }
    public static func type(_ key: String) -> RedisCommand { RedisCommand("TYPE", [.string(key)], key: key) }

    /// `SCAN cursor [MATCH pattern] [COUNT n] [TYPE type]`.
    public static func scan(cursor: String, match: String? = nil, count: Int? = nil, type: String? = nil) -> RedisCommand {
        var arguments: [RedisArgument] = [.string(cursor)]
        if let match { arguments += ["MATCH", .string(match)] }
        if let count { arguments += ["COUNT", .integer(Int64(count))] }
        if let type { arguments += ["TYPE", .string(type)] }
        return RedisCommand("SCAN", arguments)
    }
}

extension RedisCommandSender {
    /// The value of a string key as UTF-8 text, or `nil` when the key does not exist.
    public func get(_ key: String) async throws -> String? {
        try await send(.get(key)).string
    }

    /// Deletes keys; returns how many existed.
    @discardableResult
    public func del(_ keys: String...) async throws -> Int {
        Int(try await send(.del(keys)).int ?? 0)
    }

    /// One SCAN step: the next cursor ("0" when done) and the keys of this step.
    public func scan(cursor: String, match: String? = nil, count: Int? = nil, type: String? = nil) async throws -> (cursor: String, keys: [String]) {
        let reply = try await send(.scan(cursor: cursor, match: match, count: count, type: type))
        guard let parts = reply.array, parts.count == 2, let next = parts[0].string, let keys = parts[1].array else {
            throw RedisClientError.unexpected(reply, for: "SCAN")
        }
        return (next, keys.compactMap(\.string))
    }

    /// Every key matching the pattern, by repeated SCAN (never KEYS, which blocks the server).
    /// `visit` gets each step's keys; keys may repeat across steps, as SCAN allows.
    public func scanAll(match: String, count: Int = 1000, type: String? = nil, visit: ([String]) async throws -> Void) async throws {
        var cursor = "0"
        repeat {
            let step = try await scan(cursor: cursor, match: match, count: count, type: type)
            if !step.keys.isEmpty { try await visit(step.keys) }
            cursor = step.cursor
        } while cursor != "0"
    }
}
