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
