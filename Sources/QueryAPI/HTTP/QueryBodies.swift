import Foundation
import ProductReadModel

/// `{"items": [...], "nextCursor": ...}`: a page of a list route; `nextCursor` is
/// `null` on the last page.
struct PageBody<Item: Encodable & Sendable>: Encodable, Sendable {
    let items: [Item]
    let nextCursor: String?

    enum CodingKeys: String, CodingKey { case items, nextCursor }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

/// `{"items": [...]}`: an unpaged list.
struct ListBody<Item: Encodable & Sendable>: Encodable, Sendable {
    let items: [Item]
}

/// `{"id", "name", "currentStock"}`: a product's stock.
struct InventoryBody: Encodable, Sendable {
    let id: Int64
    let name: String
    let currentStock: Int64

    init(_ inventory: ProductInventory) {
        id = inventory.id
        name = inventory.name
        currentStock = inventory.currentStock
    }
}

/// A ProductDisplay with the related product's `score` (users who rated both).
struct RelatedBody: Encodable, Sendable {
    let id: Int64
    let name: String
    let description: String
    let unitPrice: String
    let isOutOfStock: Bool
    let userRating: Decimal
    let ratingCount: Int
    let version: Int64
    let score: Int

    init(_ related: RelatedProduct) {
        let product = related.product
        id = product.id
        name = product.name
        description = product.description
        unitPrice = product.unitPrice
        isOutOfStock = product.isOutOfStock
        userRating = product.userRating
        ratingCount = product.ratingCount
        version = product.version
        score = related.sharedRaters
    }
}
