import EventSourcing

extension Product {
    /// Applies one product event. Stock values come from the event's `newStock`,
    /// so replaying never recomputes arithmetic the decision already did.
    public static func evolve(_ state: consuming ProductState, _ event: ProductEvent) -> ProductState {
        switch event {
        case .productAdded(let id, let name, let description, let unitPrice):
            state = ProductState(
                exists: true, id: id, name: name, description: description, unitPrice: unitPrice, stock: 0,
                ratings: [:])
        case .productRated(_, let userId, let rating, _):
            state.ratings[userId] = rating
        case .inventoryAdded(_, _, let newStock),
            .itemsShipped(_, _, let newStock),
            .stockRecounted(_, _, let newStock):
            state.stock = newStock
        }
        return state
    }
}
