/// The state of one product, folded from its events; also its snapshot form.
public struct ProductState: Sendable, Equatable {
    /// Whether the product has been added. All other fields are meaningless when `false`.
    public var exists: Bool
    /// The product id.
    public var id: Int64
    /// The product name.
    public var name: String
    /// The product description (may be empty).
    public var description: String
    /// The unit price.
    public var unitPrice: Price
    /// Items currently in stock, ≥ 0.
    public var stock: Int64
    /// Each user's current rating (1-5), keyed by user id.
    public var ratings: [Int64: Int]

    /// Creates a state with every field given.
    public init(
        exists: Bool, id: Int64, name: String, description: String, unitPrice: Price, stock: Int64,
        ratings: [Int64: Int]
    ) {
        self.exists = exists
        self.id = id
        self.name = name
        self.description = description
        self.unitPrice = unitPrice
        self.stock = stock
        self.ratings = ratings
    }

    /// The state of a product that has not been added.
    public static let absent = ProductState(
        exists: false, id: 0, name: "", description: "", unitPrice: .zero, stock: 0, ratings: [:])
}
