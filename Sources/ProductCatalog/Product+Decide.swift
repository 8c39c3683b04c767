import EventSourcing

extension Product {
    /// Validates `command` against `state` and returns the events it produces.
    ///
    /// Field rules are checked first, in field order, then the product's state.
    /// Re-rating with the same value as before still emits `ProductRated`
    /// (with `previousRating == rating`): the user did rate, the read model's
    /// average is unchanged, and a command that succeeds always yields an event.
    ///
    /// - Throws: ``ProductCatalogError`` (typed, so callers need no cast).
    public static func decide(_ command: ProductCommand, state: ProductState)
        throws(ProductCatalogError) -> [ProductEvent]
    {
        switch command {
        case .addNewProduct(let id, let name, let description, let unitPrice):
            try FieldValidation.positiveId(id, field: "id")
            try FieldValidation.name(name)
            try FieldValidation.description(description)
            try FieldValidation.unitPrice(unitPrice)
            guard !state.exists else { throw .alreadyExists(productId: id) }
            return [.productAdded(id: id, name: name, description: description, unitPrice: unitPrice)]

        case .rateProduct(let productId, let userId, let rating):
            try FieldValidation.positiveId(productId, field: "id")
            try FieldValidation.positiveId(userId, field: "userId")
            try FieldValidation.inRange(rating, ProductLimits.ratings, field: "rating")
            try requireExists(productId, state)
            return [.productRated(
                productId: productId, userId: userId, rating: rating, previousRating: state.ratings[userId])]

        case .addToInventory(let productId, let quantity):
            try FieldValidation.positiveId(productId, field: "id")
            try FieldValidation.inRange(quantity, ProductLimits.inventoryQuantity, field: "quantity")
            try requireExists(productId, state)
            let newStock = state.stock + quantity
            guard newStock <= ProductLimits.maxStock else {
                throw .invalidField(
                    "quantity",
                    "quantity \(quantity) would raise the stock of product \(productId) from \(state.stock) to "
                        + "\(newStock), above the maximum \(ProductLimits.maxStock)")
            }
            return [.inventoryAdded(productId: productId, quantity: quantity, newStock: newStock)]

        case .confirmItemsShipped(let productId, let quantity):
            try FieldValidation.positiveId(productId, field: "id")
            try FieldValidation.inRange(quantity, 1...ProductLimits.maxStock, field: "quantity")
            try requireExists(productId, state)
            guard quantity <= state.stock else {
                throw .insufficientStock(productId: productId, inStock: state.stock, requested: quantity)
            }
            return [.itemsShipped(productId: productId, quantity: quantity, newStock: state.stock - quantity)]

        case .updateStockFromInventoryRecount(let productId, let updatedQuantity):
            try FieldValidation.positiveId(productId, field: "id")
            try FieldValidation.inRange(updatedQuantity, 0...ProductLimits.maxStock, field: "quantity")
            try requireExists(productId, state)
            return [.stockRecounted(productId: productId, previousStock: state.stock, newStock: updatedQuantity)]
        }
    }

    private static func requireExists(_ productId: Int64, _ state: ProductState) throws(ProductCatalogError) {
        guard state.exists else { throw .notFound(productId: productId) }
    }
}
