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
