import ProductCatalog

/// The five product commands, by their wire name (the command queue's `type` field).
///
/// Each kind knows its JSON body fields and builds a ``ProductCommand`` from a body,
/// so the HTTP routes and the command queue decode bodies with the same code.
public enum CommandKind: String, Sendable, Hashable, CaseIterable {
    case addNewProduct = "AddNewProduct"
    case rateProduct = "RateProduct"
    case addToInventory = "AddToInventory"
    case confirmItemsShipped = "ConfirmItemsShipped"
    case updateStockFromInventoryRecount = "UpdateStockFromInventoryRecount"

    /// Whether the command creates the product (its id is in the body, as `"id"`).
    /// The others address an existing product (path id over HTTP, `"productId"` in the queue).
    public var createsProduct: Bool { self == .addNewProduct }

    /// The body fields, all required. Any other field is rejected.
    public var bodyFields: [String] {
        switch self {
        case .addNewProduct: ["id", "name", "description", "unitPrice"]
        case .rateProduct: ["userId", "rating"]
        case .addToInventory, .confirmItemsShipped, .updateStockFromInventoryRecount: ["quantity"]
        }
    }

    /// The command for a decoded body. `productId` is the addressed product for the
    /// kinds that do not create one (ignored for ``addNewProduct``).
    func command(productId: Int64, body: CommandBody) throws(CommandProblem) -> ProductCommand {
        switch self {
        case .addNewProduct:
            .addNewProduct(
                id: try body.integer("id"), name: try body.string("name"),
                description: try body.string("description"), unitPrice: try body.price("unitPrice"))
        case .rateProduct:
            .rateProduct(productId: productId, userId: try body.integer("userId"), rating: Int(try body.integer("rating")))
        case .addToInventory:
            .addToInventory(productId: productId, quantity: try body.integer("quantity"))
        case .confirmItemsShipped:
            .confirmItemsShipped(productId: productId, quantity: try body.integer("quantity"))
        case .updateStockFromInventoryRecount:
            .updateStockFromInventoryRecount(productId: productId, updatedQuantity: try body.integer("quantity"))
        }
    }
}
