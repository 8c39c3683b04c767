/// The validation limits of product commands, for documentation and clients.
public enum ProductLimits {
    /// Longest product name, in characters (grapheme clusters).
    public static let nameMaxLength = 200
    /// Longest product description, in characters (grapheme clusters).
    public static let descriptionMaxLength = 2000
    /// Highest unit price: 1,000,000.00.
    public static let maxUnitPrice = Price(uncheckedCents: 100_000_000)
    /// Accepted star ratings.
    public static let ratings: ClosedRange<Int> = 1...5
    /// Accepted quantity for one inventory addition.
    public static let inventoryQuantity: ClosedRange<Int64> = 1...1_000_000
    /// Highest stock a product may hold (recounts and additions alike).
    public static let maxStock: Int64 = 1_000_000_000
}
