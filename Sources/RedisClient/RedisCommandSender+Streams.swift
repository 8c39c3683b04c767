extension RedisCommandSender {
    /// Appends an entry; returns its id.
    @discardableResult
    public func xadd(_ key: String, id: String = "*", fields: [(String, RedisArgument)]) async throws -> String {
        let reply = try await send(.xadd(key, id: id, fields: fields))
        guard let entryID = reply.string else { throw RedisClientError.unexpected(reply, for: "XADD") }
        return entryID
    }

    public func xrange(_ key: String, start: String = "-", end: String = "+", count: Int? = nil) async throws -> [StreamEntry] {
        try StreamEntry.list(try await send(.xrange(key, start: start, end: end, count: count)), command: "XRANGE")
    }

    /// Reads for a consumer group. With `block`, the timeout is the command timeout
    /// plus the block time, so blocking never counts as a timeout. Returns entries
    /// per stream key; an empty dictionary when the block time passed with nothing new.
    public func xreadgroup(
        group: String, consumer: String, streams: [(key: String, id: String)], count: Int? = nil, block: Duration? = nil
    ) async throws -> [String: [StreamEntry]] {
        let command = RedisCommand.xreadgroup(group: group, consumer: consumer, streams: streams, count: count, block: block)
        let reply = try await send(command, timeout: block.map { $0 + .seconds(2) })
        if reply.isNull { return [:] }
        guard let perStream = reply.array else { throw RedisClientError.unexpected(reply, for: "XREADGROUP") }
        var result: [String: [StreamEntry]] = [:]
        for stream in perStream {
            guard let pair = stream.array, pair.count == 2, let key = pair[0].string else {
                throw RedisClientError.unexpected(reply, for: "XREADGROUP")
            }
            result[key] = try StreamEntry.list(pair[1], command: "XREADGROUP")
        }
        return result
    }

    @discardableResult
    public func xack(_ key: String, group: String, ids: [String]) async throws -> Int {
        Int(try await send(.xack(key, group: group, ids: ids)).int ?? 0)
    }

    public func xautoclaim(_ key: String, group: String, consumer: String, minIdle: Duration, start: String = "0-0", count: Int? = nil) async throws -> StreamClaim {
        let reply = try await send(.xautoclaim(key, group: group, consumer: consumer, minIdle: minIdle, start: start, count: count))
        guard let parts = reply.array, parts.count >= 2, let next = parts[0].string else {
            throw RedisClientError.unexpected(reply, for: "XAUTOCLAIM")
        }
        let deleted = parts.count > 2 ? (parts[2].array ?? []).compactMap(\.string) : []
        return StreamClaim(nextStart: next, entries: try StreamEntry.list(parts[1], command: "XAUTOCLAIM"), deletedIDs: deleted)
    }

    public func xpendingSummary(_ key: String, group: String) async throws -> StreamPendingSummary {
        try StreamPendingSummary(try await send(.xpending(key, group: group)))
    }

    public func xpending(_ key: String, group: String, start: String = "-", end: String = "+", count: Int, consumer: String? = nil, minIdle: Duration? = nil) async throws -> [StreamPendingEntry] {
        let reply = try await send(.xpending(key, group: group, start: start, end: end, count: count, consumer: consumer, minIdle: minIdle))
        guard let entries = reply.array else { throw RedisClientError.unexpected(reply, for: "XPENDING") }
        return try entries.map { entry in
            guard let parts = entry.array, parts.count == 4, let id = parts[0].string, let consumer = parts[1].string,
                  let idle = parts[2].int, let deliveries = parts[3].int
            else { throw RedisClientError.unexpected(entry, for: "XPENDING") }
            return StreamPendingEntry(id: id, consumer: consumer, idleMilliseconds: idle, deliveries: deliveries)
        }
    }

    public func xinfoGroups(_ key: String) async throws -> [StreamGroupInfo] {
        try StreamGroupInfo.list(try await send(.xinfoGroups(key)))
    }

    /// `XINFO STREAM` as a dictionary of its top-level fields.
    public func xinfoStream(_ key: String) async throws -> [String: RESPValue] {
        try await send(.xinfoStream(key)).keyedValues(for: "XINFO STREAM")
    }

    /// Creates a consumer group; an existing group of that name is left as it is.
    /// Returns false when it already existed.
    @discardableResult
    public func xgroupCreateIfMissing(_ key: String, group: String, id: String = "0") async throws -> Bool {
        do {
            _ = try await send(.xgroupCreate(key, group: group, id: id))
            return true
        } catch let error as RedisServerError where error.code == "BUSYGROUP" {
            return false
        }
    }
}

extension RESPValue {
    /// A flat `[name, value, ...]` reply (XINFO, HELLO-style) as a dictionary.
    public func keyedValues(for command: String) throws(RedisClientError) -> [String: RESPValue] {
        guard let elements = array, elements.count % 2 == 0 else { throw .unexpected(self, for: command) }
        var result: [String: RESPValue] = [:]
        var index = 0
        while index < elements.count {
            if let name = elements[index].string { result[name] = elements[index + 1] }
            index += 2
        }
        return result
    }
}

extension StreamGroupInfo {
    /// Parses an `XINFO GROUPS` reply (for callers that pipeline it).
    public static func list(_ reply: RESPValue) throws(RedisClientError) -> [StreamGroupInfo] {
        guard let groups = reply.array else { throw .unexpected(reply, for: "XINFO GROUPS") }
        var result: [StreamGroupInfo] = []
        for group in groups {
            let info = try group.keyedValues(for: "XINFO GROUPS")
            guard let name = info["name"]?.string else { throw .unexpected(group, for: "XINFO GROUPS") }
            result.append(StreamGroupInfo(
                name: name,
                consumers: Int(info["consumers"]?.int ?? 0),
                pending: Int(info["pending"]?.int ?? 0),
                lastDeliveredID: info["last-delivered-id"]?.string ?? "0-0",
                entriesRead: info["entries-read"]?.int,
                lag: info["lag"]?.int
            ))
        }
        return result
    }
}

extension StreamPendingSummary {
    /// Parses the summary form of an `XPENDING key group` reply.
    public init(_ reply: RESPValue) throws(RedisClientError) {
        guard let parts = reply.array, parts.count == 4 else { throw .unexpected(reply, for: "XPENDING") }
        var consumers: [String: Int] = [:]
        for consumer in parts[3].array ?? [] {
            if let pair = consumer.array, pair.count == 2, let name = pair[0].string, let count = pair[1].int {
                consumers[name] = Int(count)
            }
        }
        self.init(count: Int(parts[0].int ?? 0), smallestID: parts[1].string, largestID: parts[2].string, consumers: consumers)
    }
}
