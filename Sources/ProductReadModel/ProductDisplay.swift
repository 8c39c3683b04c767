import Foundation

/// What a shop page shows of a product (the seed's ProductDisplay), read from the live
/// generation's `product:<id>` hash.
public struct ProductDisplay: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    public var description: String
    /// The unit price exactly as in the event, e.g. `"19.99"`.
    public var unitPrice: String
    public var isOutOfStock: Bool
    /// The average rating, rounded half up to hundredths; 0 when unrated.
    public var userRating: Decimal
    public var ratingCount: Int
    /// The product's version the model reflects (for `If-Match` and read-your-writes).
    public var version: Int64

    public init(id: Int64, name: String, description: String, unitPrice: String, isOutOfStock: Bool, userRating: Decimal, ratingCount: Int, version: Int64) {
        self.id = id
        self.name = name
        self.description = description
        self.unitPrice = unitPrice
        self.isOutOfStock = isOutOfStock
        self.userRating = userRating
        self.ratingCount = ratingCount
        self.version = version
    }
}

/// A product's stock (the seed's ProductInventory).
public struct ProductInventory: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    public var currentStock: Int64
    public var version: Int64

    public init(id: Int64, name: String, currentStock: Int64, version: Int64) {
        self.id = id
        self.name = name
        self.currentStock = currentStock
        self.version = version
    }
}

/// A related product and how many users rated both.
public struct RelatedProduct: Sendable, Hashable, Codable {
    public var product: ProductDisplay
    public var sharedRaters: Int

    public init(product: ProductDisplay, sharedRaters: Int) {
        self.product = product
        self.sharedRaters = sharedRaters
    }
}

/// A product hash that lacks a field or holds a malformed one.
public struct ProductRecordError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

extension ProductDisplay {
    /// Reads the fields of a `product:<id>` hash; throws when one is missing or malformed.
    init(fields: [String: String]) throws(ProductRecordError) {
        let record = ProductRecord(fields: fields)
        self.init(
            id: try record.integer("id"), name: try record.text("name"), description: try record.text("description"),
            unitPrice: try record.text("unitPrice"), isOutOfStock: try record.text("isOutOfStock") == "true",
            userRating: try record.decimal("userRating"), ratingCount: Int(try record.integer("ratingCount")),
            version: try record.integer("version")
        )
    }
}

extension ProductInventory {
    init(fields: [String: String]) throws(ProductRecordError) {
        let record = ProductRecord(fields: fields)
        self.init(id: try record.integer("id"), name: try record.text("name"), currentStock: try record.integer("currentStock"), version: try record.integer("version"))
    }
}

/// Typed access to a product hash's fields.
private struct ProductRecord {
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
