import EventSourcing

/// Something that happened to a product. Stored under the type names in
/// ``StoredType``; payloads are camelCase JSON and prices are JSON strings.
public enum ProductEvent: Sendable, Hashable {
    /// A product was listed, with no stock and no ratings.
    case productAdded(id: Int64, name: String, description: String, unitPrice: Price)
    /// `userId` rated the product; `previousRating` is the user's earlier rating
    /// that this one replaces, or `nil` for their first rating.
    case productRated(productId: Int64, userId: Int64, rating: Int, previousRating: Int?)
    /// Items were added to stock; `newStock` is the stock afterwards.
    case inventoryAdded(productId: Int64, quantity: Int64, newStock: Int64)
    /// Items were shipped out of stock; `newStock` is the stock afterwards.
    case itemsShipped(productId: Int64, quantity: Int64, newStock: Int64)
    /// A recount replaced the stock `previousStock` with `newStock`.
    case stockRecounted(productId: Int64, previousStock: Int64, newStock: Int64)

    /// The stable stored type names of product events.
    public enum StoredType: String, Sendable, CaseIterable {
        case productAdded = "ProductAdded"
        case productRated = "ProductRated"
        case inventoryAdded = "InventoryAdded"
        case itemsShipped = "ItemsShipped"
        case stockRecounted = "StockRecounted"

        /// The current schema version of this event type.
        public var currentSchemaVersion: Int {
            switch self {
            case .productRated: 2  // v1 had no previousRating
            case .productAdded, .inventoryAdded, .itemsShipped, .stockRecounted: 1
            }
        }
    }

    /// The stored type of this event.
    public var storedType: StoredType {
        switch self {
        case .productAdded: .productAdded
        case .productRated: .productRated
        case .inventoryAdded: .inventoryAdded
        case .itemsShipped: .itemsShipped
        case .stockRecounted: .stockRecounted
        }
    }

    /// The product the event is about.
    public var productId: Int64 {
        switch self {
        case .productAdded(let id, _, _, _): id
        case .productRated(let id, _, _, _),
            .inventoryAdded(let id, _, _),
            .itemsShipped(let id, _, _),
            .stockRecounted(let id, _, _):
            id
        }
    }
}
