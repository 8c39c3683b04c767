import Foundation

extension JSONValue: Codable {
    /// Decodes any JSON value through a `Decoder`.
    ///
    /// Numbers go through `Int64`, `UInt64` or `Decimal` (never `Double` unless
    /// nothing else fits), so ordinary payload numbers stay exact, but their
    /// original spelling is not kept (`0.10` becomes `0.1`). For exact text use
    /// ``init(parsing:)-([UInt8])``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(UInt64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Decimal.self), value.isFinite {
            self = .number(value.description)
        } else if let value = try? container.decode(Double.self), value.isFinite {
            self = .number(String(value))
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "value is not null, a bool, number, string, array or object")
        }
    }

    /// Encodes through an `Encoder`; numbers are written as `Int64`, `UInt64`
    /// or `Decimal` when their text fits one exactly, else as `Double`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null:
            try container.encodeNil()
        case .bool(let value):
            try container.encode(value)
        case .number(let text):
            if let value = Int64(text) {
                try container.encode(value)
            } else if let value = UInt64(text) {
                try container.encode(value)
            } else if let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), value.isFinite {
                try container.encode(value)
            } else if let value = Double(text) {
                try container.encode(value)
            } else {
                throw EncodingError.invalidValue(
                    text, .init(codingPath: encoder.codingPath, debugDescription: "\"\(text)\" is not a JSON number"))
            }
        case .string(let value):
            try container.encode(value)
        case .array(let value):
            try container.encode(value)
        case .object(let value):
            try container.encode(value)
        }
    }
}
