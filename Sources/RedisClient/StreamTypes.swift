/// One stream entry: its id and its fields (raw bytes; ``subscript(_:)`` for text).
public struct StreamEntry: Sendable, Hashable {
    public let id: String
    public let fields: [String: [UInt8]]

    public init(id: String, fields: [String: [UInt8]]) {
        self.id = id
        self.fields = fields
    }

    /// A field's value as UTF-8 text.
    public subscript(_ field: String) -> String? {
        fields[field].flatMap { String(validating: $0, as: UTF8.self) }
    }

    /// Parses `[id, [field, value, ...]]`. A deleted entry (nil fields, as XAUTOCLAIM
    /// and XREADGROUP can return) has no fields.
    init(_ value: RESPValue, command: String) throws(RedisClientError) {
        guard let parts = value.array, parts.count == 2, let id = parts[0].string else {
            throw .unexpected(value, for: command)
        }
        var fields: [String: [UInt8]] = [:]
        if let flat = parts[1].array {
            var index = 0
            while index + 1 < flat.count {
                if let name = flat[index].string, let bytes = flat[index + 1].bytes { fields[name] = bytes }
                index += 2
            }
        }
        self.init(id: id, fields: fields)
    }

    static func list(_ value: RESPValue, command: String) throws(RedisClientError) -> [StreamEntry] {
        if value.isNull { return [] }
        guard let elements = value.array else { throw .unexpected(value, for: command) }
        var entries: [StreamEntry] = []
        entries.reserveCapacity(elements.count)
        for element in elements { entries.append(try StreamEntry(element, command: command)) }
        return entries
    }
}

/// A consumer group as `XINFO GROUPS` reports it.
public struct StreamGroupInfo: Sendable, Hashable {
    public let name: String
    public let consumers: Int
    public let pending: Int
    public let lastDeliveredID: String
    /// Entries delivered to the group so far (Redis 7); `nil` when Redis cannot tell.
    public let entriesRead: Int64?
    /// Entries not yet delivered to the group (Redis 7); `nil` when Redis cannot tell.
    public let lag: Int64?
}

/// The summary form of `XPENDING key group`.
public struct StreamPendingSummary: Sendable, Hashable {
    public let count: Int
    public let smallestID: String?
    public let largestID: String?
    public let consumers: [String: Int]
}

/// One entry of the extended form of `XPENDING`.
public struct StreamPendingEntry: Sendable, Hashable {
    public let id: String
    public let consumer: String
    public let idleMilliseconds: Int64
    public let deliveries: Int64
}

/// The reply of `XAUTOCLAIM`.
public struct StreamClaim: Sendable, Hashable {
    /// Where the next XAUTOCLAIM scan starts; "0-0" when the scan is complete.
    public let nextStart: String
    public let entries: [StreamEntry]
    /// Ids that were pending but no longer exist in the stream (Redis 7).
    public let deletedIDs: [String]
}
