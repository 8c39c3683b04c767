import Foundation

/// A product hash that lacks a field or holds a malformed one.
public struct ProductRecordError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

/// Typed access to a product hash's fields.
struct ProductRecord {
    let fields: [String: String]

    func text(_ name: String) throws(ProductRecordError) -> String {
        guard let value = fields[name] else {
            throw ProductRecordError(description: "product \(fields["id"] ?? "?") has no field '\(name)' in the read model")
        }
        return value
    }

    func integer(_ name: String) throws(ProductRecordError) -> Int64 {
        let value = try text(name)
        guard let number = Int64(value) else {
            throw ProductRecordError(description: "product \(fields["id"] ?? "?") field '\(name)' is '\(value)', not an integer")
        }
        return number
    }

    func decimal(_ name: String) throws(ProductRecordError) -> Decimal {
        let value = try text(name)
        guard let number = Decimal(string: value, locale: Locale(identifier: "en_US_POSIX")) else {
            throw ProductRecordError(description: "product \(fields["id"] ?? "?") field '\(name)' is '\(value)', not a decimal")
        }
        return number
    }
}
