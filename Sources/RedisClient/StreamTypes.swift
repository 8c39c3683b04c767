/// One stream entry: its id and its fields (raw bytes; ``subscript(_:)`` for text).
public struct StreamEntry: Sendable, Hashable {
    public let id: String
    /// The fields in the entry's order. An entry has few (a log entry ten), so a scan
    /// finds one faster than hashing every name into a dictionary would.
    public let pairs: [Field]

    /// One field of an entry.
    public struct Field: Sendable, Hashable {
        public let name: String
        public let value: [UInt8]

        public init(name: String, value: [UInt8]) {
            self.name = name
            self.value = value
        }
    }

    public init(id: String, pairs: [Field]) {
        self.id = id
        self.pairs = pairs
    }

    public init(id: String, fields: [String: [UInt8]]) {
        self.init(id: id, pairs: fields.map { Field(name: $0.key, value: $0.value) })
    }

    /// The fields by name (the last one wins if a name repeats).
    public var fields: [String: [UInt8]] {
        Dictionary(pairs.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// A field's raw value (the last one if the name repeats).
    public func bytes(_ name: String) -> [UInt8]? {
        var found: [UInt8]?
        for field in pairs where field.name == name { found = field.value }
        return found
    }

    /// A field's value as UTF-8 text.
    public subscript(_ field: String) -> String? {
        bytes(field).flatMap { String(validating: $0, as: UTF8.self) }
    }

    /// Equal when the ids and the fields by name are (field order does not count).
    public static func == (lhs: StreamEntry, rhs: StreamEntry) -> Bool {
        lhs.id == rhs.id && lhs.fields == rhs.fields
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(fields)
    }

    /// Parses `[id, [field, value, ...]]`. A deleted entry (nil fields, as XAUTOCLAIM
    /// and XREADGROUP can return) has no fields.
    init(_ value: RESPValue, command: String) throws(RedisClientError) {
        guard let parts = value.array, parts.count == 2, let id = parts[0].string else {
            throw .unexpected(value, for: command)
        }
        self.init(id: id, pairs: Self.pairs(parts[1]))
    }

    /// `[field, value, ...]` as fields; fields that are not text, or values that are not
    /// strings, are skipped.
    public static func pairs(_ flat: RESPValue) -> [Field] {
        guard let flat = flat.array else { return [] }
        var fields: [Field] = []
        fields.reserveCapacity(flat.count / 2)
        var index = 0
        while index + 1 < flat.count {
            if let name = flat[index].string, let bytes = flat[index + 1].bytes { fields.append(Field(name: name, value: bytes)) }
            index += 2
        }
        return fields
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
