import Foundation

/// The members of a JSON object payload, read by key with errors that name the key, as
/// `JSONDecoder` names them (`missing key "rating"`, `expected Int64 at productId`,
/// `null or missing value at userId`), but without `Decodable`'s machinery.
///
/// Integers are read exactly: `12`, and also `12.0` or `1.2e1`, as `JSONDecoder` reads
/// them; a fraction or an overflow is a type mismatch.
public struct JSONPayload: Sendable {
    /// Why a payload does not match: the description says which key and how.
    public struct Mismatch: Error, Sendable, Hashable, CustomStringConvertible {
        public let description: String

        /// A mismatch described as `JSONDecoder`'s errors are (`missing key "x"`).
        public init(_ description: String) {
            self.description = description
        }
    }

    /// The object's members by key.
    public let members: [String: JSONValue]

    /// Parses `bytes`, which must hold one JSON object.
    public init(parsing bytes: [UInt8]) throws {
        guard case .object(let members) = try JSONValue(parsing: bytes) else {
            throw Mismatch("expected Dictionary<String, Any> at top level")
        }
        self.members = members
    }

    /// The value of a key that must be present and not `null`.
    public func value(_ key: String) throws -> JSONValue {
        guard let value = members[key] else { throw Mismatch("missing key \"\(key)\"") }
        if value == .null { throw Mismatch("null or missing value at \(key)") }
        return value
    }

    /// An `Int64` that must be present.
    public func int64(_ key: String) throws -> Int64 {
        try Self.integer(try value(key), key: key, type: "Int64")
    }

    /// An `Int` that must be present.
    public func int(_ key: String) throws -> Int {
        Int(try Self.integer(try value(key), key: key, type: "Int"))
    }

    /// A key that must be present, and may be `null`.
    public func optionalInt(_ key: String) throws -> Int? {
        guard let value = members[key] else { throw Mismatch("missing key \"\(key)\"") }
        return value == .null ? nil : Int(try Self.integer(value, key: key, type: "Int"))
    }

    /// A string that must be present.
    public func string(_ key: String) throws -> String {
        guard case .string(let text) = try value(key) else { throw Mismatch("expected String at \(key)") }
        return text
    }

    private static func integer(_ value: JSONValue, key: String, type: String) throws -> Int64 {
        guard case .number(let text) = value, let integer = exactInteger(text) else { throw Mismatch("expected \(type) at \(key)") }
        return integer
    }

    /// `Int64(text)`, or the value of an integral number written with a fraction or an
    /// exponent (`1.0`, `1e3`).
    static func exactInteger(_ text: String) -> Int64? {
        if let value = Int64(text) { return value }
        guard var decimal = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), decimal.isFinite else { return nil }
        var rounded = Decimal()
        NSDecimalRound(&rounded, &decimal, 0, .plain)
        return rounded == decimal ? Int64(rounded.description) : nil
    }
}
