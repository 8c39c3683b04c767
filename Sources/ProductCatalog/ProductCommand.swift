/// A request to change a product. Values are validated by ``Product/decide(_:state:)``.
public enum ProductCommand: Sendable, Hashable {
    /// List a new product with no stock and no ratings.
    case addNewProduct(id: Int64, name: String, description: String, unitPrice: Price)
    /// Record `userId`'s star rating (1-5); a later rating by the same user replaces it.
    case rateProduct(productId: Int64, userId: Int64, rating: Int)
    /// Add received items to stock.
    case addToInventory(productId: Int64, quantity: Int64)
    /// Remove shipped items from stock.
    case confirmItemsShipped(productId: Int64, quantity: Int64)
    /// Replace the stock with the counted quantity. Its field is reported as `"quantity"`.
    case updateStockFromInventoryRecount(productId: Int64, updatedQuantity: Int64)

    /// The product the command addresses.
    public var productId: Int64 {
        switch self {
        case .addNewProduct(let id, _, _, _): id
        case .rateProduct(let id, _, _),
            .addToInventory(let id, _),
            .confirmItemsShipped(let id, _),
            .updateStockFromInventoryRecount(let id, _):
            id
        }
    }
}
