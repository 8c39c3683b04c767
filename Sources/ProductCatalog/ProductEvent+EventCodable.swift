import EventSourcing
import Foundation

extension ProductEvent: EventCodable {
    /// The stored type name, e.g. `"ProductRated"`.
    public var eventType: String { storedType.rawValue }

    /// `ProductRated` is at schema version 2; every other event at 1.
    public static let currentSchemaVersions: [String: Int] = Dictionary(
        uniqueKeysWithValues: StoredType.allCases.map { ($0.rawValue, $0.currentSchemaVersion) })

    /// Compact JSON with sorted camelCase keys at the current schema version.
    public func encodedPayload() throws -> [UInt8] {
        switch self {
        case .productAdded(let id, let name, let description, let unitPrice):
            try Self.encode(ProductEventPayload.ProductAdded(
                id: id, name: name, description: description, unitPrice: unitPrice))
        case .productRated(let productId, let userId, let rating, let previousRating):
            try Self.encode(ProductEventPayload.ProductRated(
                productId: productId, userId: userId, rating: rating, previousRating: previousRating))
        case .inventoryAdded(let productId, let quantity, let newStock):
            try Self.encode(ProductEventPayload.InventoryAdded(
                productId: productId, quantity: quantity, newStock: newStock))
        case .itemsShipped(let productId, let quantity, let newStock):
            try Self.encode(ProductEventPayload.ItemsShipped(
                productId: productId, quantity: quantity, newStock: newStock))
        case .stockRecounted(let productId, let previousStock, let newStock):
            try Self.encode(ProductEventPayload.StockRecounted(
                productId: productId, previousStock: previousStock, newStock: newStock))
        }
    }

    /// Decodes a payload at the current schema version of `eventType`.
    /// Older payloads must go through ``upcasterChain`` first.
    ///
    /// - Throws: ``EventSourcingError`` of kind `.unknownEventType` or
    ///   `.payloadMismatch` (naming the missing or mistyped key).
    public static func decode(eventType: String, payload: [UInt8]) throws -> ProductEvent {
        guard let type = StoredType(rawValue: eventType) else {
            throw EventSourcingError.unknownEventType(
                eventType, domain: "ProductEvent", known: StoredType.allCases.map(\.rawValue))
        }
        do {
            switch type {
            case .productAdded:
                let p = try decode(ProductEventPayload.ProductAdded.self, from: payload)
                return .productAdded(id: p.id, name: p.name, description: p.description, unitPrice: p.unitPrice)
            case .productRated:
                let p = try decode(ProductEventPayload.ProductRated.self, from: payload)
                return .productRated(
                    productId: p.productId, userId: p.userId, rating: p.rating, previousRating: p.previousRating)
            case .inventoryAdded:
                let p = try decode(ProductEventPayload.InventoryAdded.self, from: payload)
                return .inventoryAdded(productId: p.productId, quantity: p.quantity, newStock: p.newStock)
            case .itemsShipped:
                let p = try decode(ProductEventPayload.ItemsShipped.self, from: payload)
                return .itemsShipped(productId: p.productId, quantity: p.quantity, newStock: p.newStock)
            case .stockRecounted:
                let p = try decode(ProductEventPayload.StockRecounted.self, from: payload)
                return .stockRecounted(productId: p.productId, previousStock: p.previousStock, newStock: p.newStock)
            }
        } catch {
            throw EventSourcingError.payloadMismatch(eventType, schemaVersion: type.currentSchemaVersion, error: error)
        }
    }

    private static func encode(_ payload: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(payload))
    }

    private static func decode<T: Decodable>(_ type: T.Type, from payload: [UInt8]) throws -> T {
        try JSONDecoder().decode(type, from: Data(payload))
    }
}
