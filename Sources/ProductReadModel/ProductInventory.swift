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

extension ProductInventory {
    /// Reads the fields of a `product:<id>` hash; throws when one is missing or malformed.
    init(fields: [String: String]) throws(ProductRecordError) {
        let record = ProductRecord(fields: fields)
        self.init(id: try record.integer("id"), name: try record.text("name"), currentStock: try record.integer("currentStock"), version: try record.integer("version"))
    }
}
