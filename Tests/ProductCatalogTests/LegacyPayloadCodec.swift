import EventSourcing
import Foundation
import ProductCatalog

/// The payload codec as it was before `JSONObjectWriter` and `JSONPayload`: Foundation's
/// `JSONEncoder` (sorted keys, slashes unescaped) and `JSONDecoder` over `Codable`
/// shapes. The reference the new codec must match byte for byte and error for error.
enum LegacyPayloadCodec {
    static func encode(_ event: ProductEvent) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        switch event {
        case .productAdded(let id, let name, let description, let unitPrice):
            return Array(try encoder.encode(ProductAdded(id: id, name: name, description: description, unitPrice: unitPrice)))
        case .productRated(let productId, let userId, let rating, let previousRating):
            return Array(try encoder.encode(ProductRated(productId: productId, userId: userId, rating: rating, previousRating: previousRating)))
        case .inventoryAdded(let productId, let quantity, let newStock), .itemsShipped(let productId, let quantity, let newStock):
            return Array(try encoder.encode(StockChange(productId: productId, quantity: quantity, newStock: newStock)))
        case .stockRecounted(let productId, let previousStock, let newStock):
            return Array(try encoder.encode(StockRecounted(productId: productId, previousStock: previousStock, newStock: newStock)))
        }
    }

    /// The error the old `ProductEvent.decode` threw for `payload`, or `nil` if it decoded.
    static func decodingError(eventType: ProductEvent.StoredType, payload: [UInt8]) -> EventSourcingError? {
        let decoder = JSONDecoder()
        let data = Data(payload)
        do {
            switch eventType {
            case .productAdded: _ = try decoder.decode(ProductAdded.self, from: data)
            case .productRated: _ = try decoder.decode(ProductRated.self, from: data)
            case .inventoryAdded, .itemsShipped: _ = try decoder.decode(StockChange.self, from: data)
            case .stockRecounted: _ = try decoder.decode(StockRecounted.self, from: data)
            }
            return nil
        } catch {
            return .payloadMismatch(eventType.rawValue, schemaVersion: eventType.currentSchemaVersion, error: error)
        }
    }

    struct ProductAdded: Codable {
        var id: Int64
        var name: String
        var description: String
        var unitPrice: Price
    }

    struct ProductRated: Codable {
        var productId: Int64
        var userId: Int64
        var rating: Int
        var previousRating: Int?

        private enum CodingKeys: String, CodingKey { case productId, userId, rating, previousRating }

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

    struct StockChange: Codable {
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
