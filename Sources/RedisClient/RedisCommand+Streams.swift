extension RedisCommand {
    /// `XADD key [MAXLEN ~ n] id field value ...`.
    public static func xadd(_ key: String, id: String = "*", fields: [(String, RedisArgument)], approximateMaxLength: Int? = nil) -> RedisCommand {
        var arguments: [RedisArgument] = [.string(key)]
        arguments.reserveCapacity(4 + fields.count * 2)
        if let approximateMaxLength { arguments += ["MAXLEN", "~", .integer(Int64(approximateMaxLength))] }
        arguments.append(.string(id))
        for (field, value) in fields {
            arguments.append(.string(field))
            arguments.append(value)
        }
        return RedisCommand("XADD", arguments, key: key)
    }

    public static func xlen(_ key: String) -> RedisCommand { RedisCommand("XLEN", [.string(key)], key: key) }

    /// `XRANGE key start end [COUNT n]`.
    public static func xrange(_ key: String, start: String = "-", end: String = "+", count: Int? = nil) -> RedisCommand {
        var arguments: [RedisArgument] = [.string(key), .string(start), .string(end)]
        if let count { arguments += ["COUNT", .integer(Int64(count))] }
        return RedisCommand("XRANGE", arguments, key: key)
    }

    /// `XREADGROUP GROUP g c [COUNT n] [BLOCK ms] STREAMS key... id...`. With `block`,
    /// the command is marked blocking: send it on a dedicated connection.
    public static func xreadgroup(
        group: String, consumer: String, streams: [(key: String, id: String)], count: Int? = nil,
        block: Duration? = nil, noAck: Bool = false
    ) -> RedisCommand {
        var arguments: [RedisArgument] = ["GROUP", .string(group), .string(consumer)]
        if let count { arguments += ["COUNT", .integer(Int64(count))] }
        if let block { arguments += ["BLOCK", .integer(block.milliseconds)] }
        if noAck { arguments.append("NOACK") }
        arguments.append("STREAMS")
        arguments += streams.map { .string($0.key) }
        arguments += streams.map { .string($0.id) }
        return RedisCommand("XREADGROUP", arguments, key: streams.first?.key, blocking: block != nil)
    }

    public static func xack(_ key: String, group: String, ids: [String]) -> RedisCommand {
        RedisCommand("XACK", [.string(key), .string(group)] + ids.map { .string($0) }, key: key)
    }

    /// `XAUTOCLAIM key group consumer min-idle start [COUNT n]`.
    public static func xautoclaim(_ key: String, group: String, consumer: String, minIdle: Duration, start: String = "0-0", count: Int? = nil) -> RedisCommand {
        var arguments: [RedisArgument] = [.string(key), .string(group), .string(consumer), .integer(minIdle.milliseconds), .string(start)]
        if let count { arguments += ["COUNT", .integer(Int64(count))] }
        return RedisCommand("XAUTOCLAIM", arguments, key: key)
    }

    /// `XPENDING key group` (summary).
    public static func xpending(_ key: String, group: String) -> RedisCommand {
        RedisCommand("XPENDING", [.string(key), .string(group)], key: key)
    }

    /// `XPENDING key group [IDLE ms] start end count [consumer]` (extended form).
    public static func xpending(_ key: String, group: String, start: String = "-", end: String = "+", count: Int, consumer: String? = nil, minIdle: Duration? = nil) -> RedisCommand {
        var arguments: [RedisArgument] = [.string(key), .string(group)]
        if let minIdle { arguments += ["IDLE", .integer(minIdle.milliseconds)] }
        arguments += [.string(start), .string(end), .integer(Int64(count))]
        if let consumer { arguments.append(.string(consumer)) }
        return RedisCommand("XPENDING", arguments, key: key)
    }

    public static func xinfoGroups(_ key: String) -> RedisCommand { RedisCommand("XINFO", ["GROUPS", .string(key)], key: key) }
    public static func xinfoStream(_ key: String) -> RedisCommand { RedisCommand("XINFO", ["STREAM", .string(key)], key: key) }

    /// `XGROUP CREATE key group id [MKSTREAM]`.
    public static func xgroupCreate(_ key: String, group: String, id: String = "0", makeStream: Bool = true) -> RedisCommand {
        var arguments: [RedisArgument] = ["CREATE", .string(key), .string(group), .string(id)]
        if makeStream { arguments.append("MKSTREAM") }
        return RedisCommand("XGROUP", arguments, key: key)
    }

    public static func xgroupSetID(_ key: String, group: String, id: String) -> RedisCommand {
        RedisCommand("XGROUP", ["SETID", .string(key), .string(group), .string(id)], key: key)
    }

    public static func xgroupDelConsumer(_ key: String, group: String, consumer: String) -> RedisCommand {
        RedisCommand("XGROUP", ["DELCONSUMER", .string(key), .string(group), .string(consumer)], key: key)
    }
}

extension Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
