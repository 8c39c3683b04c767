/// The JSON shapes of product event payloads at their current schema versions.
enum ProductEventPayload {
    struct ProductAdded: Codable {
        var id: Int64
        var name: String
        var description: String
        var unitPrice: Price
    }

    /// Schema version 2: `previousRating` is required and written as `null`
    /// when absent, so a v1 payload (without the key) cannot pass as v2.
    struct ProductRated: Codable {
        var productId: Int64
        var userId: Int64
        var rating: Int
        var previousRating: Int?

        private enum CodingKeys: String, CodingKey {
            case productId, userId, rating, previousRating
        }

        init(productId: Int64, userId: Int64, rating: Int, previousRating: Int?) {
            self.productId = productId
            self.userId = userId
            self.rating = rating
            self.previousRating = previousRating
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            productId = try container.decode(Int64.self, forKey: .productId)
            userId = try container.decode(Int64.self, forKey: .userId)
            rating = try container.decode(Int.self, forKey: .rating)
            previousRating = try container.decode(Int?.self, forKey: .previousRating)
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(productId, forKey: .productId)
            try container.encode(userId, forKey: .userId)
            try container.encode(rating, forKey: .rating)
            try container.encode(previousRating, forKey: .previousRating)
        }
    }

    struct InventoryAdded: Codable {
        var productId: Int64
        var quantity: Int64
        var newStock: Int64
    }

    struct ItemsShipped: Codable {
        var productId: Int64
        var quantity: Int64
        var newStock: Int64
    }

    struct StockRecounted: Codable {
        var productId: Int64
        var previousStock: Int64
        var newStock: Int64
    }
}
