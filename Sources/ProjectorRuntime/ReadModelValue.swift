/// The content of one read-model key, as verify compares it.
public enum ReadModelValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case hash([String: String])
    /// Members and their scores.
    case sortedSet([String: Double])
    case set(Set<String>)

    public var typeName: String {
        switch self {
        case .string: "string"
        case .hash: "hash"
        case .sortedSet: "zset"
        case .set: "set"
        }
    }

    public var description: String {
        switch self {
        case .string(let text): return "\"\(text)\""
        case .hash(let fields): return "hash(\(fields.count) fields)"
        case .sortedSet(let members): return "zset(\(members.count) members)"
        case .set(let members): return "set(\(members.count) members)"
        }
    }
}

/// What a projection's read models should hold, computed from the log in memory.
public struct ExpectedReadModel: Sendable {
    /// Every key the model should have, with its content.
    public var keys: [String: ReadModelValue]
    /// Events the projection could not decode: `(log position, aggregate, version, error)`.
    public var undecodable: [UndecodableEvent]

    public init(keys: [String: ReadModelValue] = [:], undecodable: [UndecodableEvent] = []) {
        self.keys = keys
        self.undecodable = undecodable
    }
}

/// An event that verify (or a projector) could not decode.
public struct UndecodableEvent: Sendable, Hashable {
    public var position: String?
    public var aggregate: String
    public var version: Int64
    public var error: String

    public init(position: String?, aggregate: String, version: Int64, error: String) {
        self.position = position
        self.aggregate = aggregate
        self.version = version
        self.error = error
    }
}

/// One way the read store differs from what the log says it should hold.
public struct ReadModelDifference: Sendable, Hashable, CustomStringConvertible {
    /// The key that differs.
    public var key: String
    /// The hash field or sorted-set member that differs; `nil` when the whole key does.
    public var field: String?
    /// What the log says, `nil` when the key or field should not exist.
    public var expected: String?
    /// What the read store holds, `nil` when it is missing.
    public var actual: String?

    public init(key: String, field: String? = nil, expected: String?, actual: String?) {
        self.key = key
        self.field = field
        self.expected = expected
        self.actual = actual
    }

    public var description: String {
        "\(key)\(field.map { " [\($0)]" } ?? ""): expected \(expected ?? "(absent)"), found \(actual ?? "(absent)")"
    }
}
