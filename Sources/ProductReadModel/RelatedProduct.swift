/// A related product and how many users rated both.
public struct RelatedProduct: Sendable, Hashable, Codable {
    public var product: ProductDisplay
    public var sharedRaters: Int

    public init(product: ProductDisplay, sharedRaters: Int) {
        self.product = product
        self.sharedRaters = sharedRaters
    }
}
