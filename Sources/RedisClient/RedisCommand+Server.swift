extension RedisCommand {
    public static func ping() -> RedisCommand { RedisCommand("PING") }
    public static func info(_ section: String? = nil) -> RedisCommand { RedisCommand("INFO", section.map { [.string($0)] } ?? []) }
    public static func dbsize() -> RedisCommand { RedisCommand("DBSIZE") }
    public static func memoryUsage(_ key: String) -> RedisCommand {
        RedisCommand("MEMORY", ["USAGE", .string(key), "SAMPLES", "0"], key: key)
    }
    public static func clientID() -> RedisCommand { RedisCommand("CLIENT", ["ID"]) }

    /// `CLIENT TRACKING ON|OFF [REDIRECT id] [PREFIX p ...] [BCAST] [OPTIN] [NOLOOP]`:
    /// server-assisted client-side caching. In RESP2 the invalidations go to the
    /// connection given by `redirect`, which has subscribed to `__redis__:invalidate`.
    public static func clientTracking(
        _ on: Bool, redirect: Int64? = nil, prefixes: [String] = [], broadcast: Bool = false, optIn: Bool = false, noLoop: Bool = false
    ) -> RedisCommand {
        var arguments: [RedisArgument] = ["TRACKING", on ? "ON" : "OFF"]
        if let redirect { arguments += ["REDIRECT", .integer(redirect)] }
        for prefix in prefixes { arguments += ["PREFIX", .string(prefix)] }
        if broadcast { arguments.append("BCAST") }
        if optIn { arguments.append("OPTIN") }
        if noLoop { arguments.append("NOLOOP") }
        return RedisCommand("CLIENT", arguments)
    }

    /// `FCALL function numkeys key... arg...`.
    public static func fcall(_ function: String, keys: [String], arguments: [RedisArgument] = []) -> RedisCommand {
        functionCall("FCALL", function, keys: keys, arguments: arguments)
    }

    /// `FCALL_RO`: a read-only function call, allowed on replicas.
    public static func fcallReadOnly(_ function: String, keys: [String], arguments: [RedisArgument] = []) -> RedisCommand {
        functionCall("FCALL_RO", function, keys: keys, arguments: arguments)
    }

    /// `<name> function numkeys key... arg...`, encoded straight from the three lists.
    private static func functionCall(_ name: String, _ function: String, keys: [String], arguments: [RedisArgument]) -> RedisCommand {
        RedisCommand(name, key: keys.first, encodedArguments: 2 + keys.count + arguments.count) { buffer in
            RedisArgument.string(function).write(to: &buffer)
            RedisArgument.integer(Int64(keys.count)).write(to: &buffer)
            for key in keys {
                RedisArgument.string(key).write(to: &buffer)
            }
            for argument in arguments {
                argument.write(to: &buffer)
            }
        }
    }
}

extension RedisCommandSender {
    /// `INFO [section]` parsed into `name: value` pairs (section headers dropped).
    public func info(_ section: String? = nil, timeout: Duration? = nil) async throws -> [String: String] {
        let reply = try await send(.info(section), timeout: timeout)
        guard let text = reply.string else { throw RedisClientError.unexpected(reply, for: "INFO") }
        var result: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            result[String(line[..<colon])] = String(line[line.index(after: colon)...])
        }
        return result
    }

    /// Whether the server has current data: a primary, or a replica whose link to its
    /// primary is up (`INFO replication`). A replica cut off keeps answering with what it
    /// had.
    public func isInSyncWithPrimary(timeout: Duration? = nil) async throws -> Bool {
        let replication = try await info("replication", timeout: timeout)
        return replication["role"] == "master" || replication["master_link_status"] == "up"
    }

    /// Bytes used by a key and its value (`MEMORY USAGE key SAMPLES 0`: exact); `nil` if absent.
    public func memoryUsage(_ key: String) async throws -> Int? {
        try await send(.memoryUsage(key)).int.map(Int.init)
    }

    public func dbsize() async throws -> Int {
        Int(try await send(.dbsize()).int ?? 0)
    }

    public func fcall(_ function: String, keys: [String], arguments: [RedisArgument] = []) async throws -> RESPValue {
        try await send(.fcall(function, keys: keys, arguments: arguments))
    }
}
