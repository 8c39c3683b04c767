/// One Redis reply, copied out of the parser into Swift memory.
///
/// Bulk strings are raw bytes, so binary data (NUL bytes, invalid UTF-8) survives
/// intact; use ``string`` for a UTF-8 view. A top-level error reply is thrown as
/// ``RedisServerError`` by the send calls; error replies nested inside arrays (EXEC,
/// pipelines) stay values.
public enum RESPValue: Sendable, Hashable {
    case simpleString(String)
    case bulkString([UInt8])
    case integer(Int64)
    case array([RESPValue])
    case null
    case error(String)
}

extension RESPValue {
    /// The value as UTF-8 text: simple and bulk strings, integers in decimal.
    /// `nil` for null, arrays, errors, and bulk strings that are not valid UTF-8.
    public var string: String? {
        switch self {
        case .simpleString(let text): return text
        case .bulkString(let bytes): return String(validating: bytes, as: UTF8.self)
        case .integer(let number): return String(number)
        default: return nil
        }
    }

    /// The raw bytes of a bulk or simple string.
    public var bytes: [UInt8]? {
        switch self {
        case .bulkString(let bytes): return bytes
        case .simpleString(let text): return Array(text.utf8)
        default: return nil
        }
    }

    /// An integer reply, or a string reply that holds a decimal integer.
    public var int: Int64? {
        switch self {
        case .integer(let number): return number
        case .bulkString, .simpleString: return string.flatMap { Int64($0) }
        default: return nil
        }
    }

    /// A string reply parsed as a Double (sorted-set scores come back this way).
    public var double: Double? {
        switch self {
        case .integer(let number): return Double(number)
        default: return string.flatMap { Double($0) }
        }
    }

    /// The elements of an array reply.
    public var array: [RESPValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// True for the null reply (nil bulk string or nil array).
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// This value, or the server error it carries, thrown.
    public func throwingServerError() throws(RedisServerError) -> RESPValue {
        if case .error(let message) = self { throw RedisServerError(message: message) }
        return self
    }
}

extension RESPValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .bulkString(Array(value.utf8)) }
}

extension RESPValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int64) { self = .integer(value) }
}

extension RESPValue: CustomStringConvertible {
    public var description: String {
        switch self {
        case .simpleString(let text): return text
        case .bulkString(let bytes):
            return String(validating: bytes, as: UTF8.self).map { "\"\($0)\"" } ?? "<\(bytes.count) bytes>"
        case .integer(let number): return "(integer) \(number)"
        case .array(let elements): return "[" + elements.map(\.description).joined(separator: ", ") + "]"
        case .null: return "(nil)"
        case .error(let message): return "(error) \(message)"
        }
    }
}
