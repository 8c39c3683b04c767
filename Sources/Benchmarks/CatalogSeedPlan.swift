import EventSourcing
import Foundation
import ProductCatalog

/// The demo catalogue of `cqrs seed`: how many products, ratings and users, and the seed
/// that fixes everything else. The same plan always yields the same commands (ids included).
///
/// - Products `1...products` get names of the form adjective + material + noun (some with
///   accents, `ß` or `ñ`, for the name search), a price and an initial stock.
/// - `ratings` ratings come from users `1...users`, spread evenly; each user rates a product
///   once, mostly in two favourite categories (nouns) and mostly popular products, so related
///   products and the top-rated list say something. Stars follow a per-product quality.
/// - Shipments, restocks and recounts are interleaved with the ratings; every product keeps
///   some stock except ``outOfStockCount`` of them, shipped or recounted down to 0 at the end.
public struct CatalogSeedPlan: Sendable, Hashable {
    public var products: Int
    public var ratings: Int
    public var users: Int
    public var seed: UInt64
    /// The share of products left out of stock, in percent.
    public var outOfStockPercent: Int = 5

    public static let productRange = 1...100_000
    public static let ratingRange = 0...1_000_000
    public static let userRange = 1...1_000_000

    public init(products: Int = 1_000, ratings: Int = 20_000, users: Int = 2_000, seed: UInt64 = 42) {
        self.products = products
        self.ratings = ratings
        self.users = users
        self.seed = seed
    }

    /// Why this plan cannot be seeded, naming the setting at fault; `nil` when it can.
    public var invalidReason: String? {
        for (name, value, range) in [("products", products, Self.productRange), ("ratings", ratings, Self.ratingRange), ("users", users, Self.userRange)]
        where !range.contains(value) {
            return "\(name) must be between \(range.lowerBound) and \(range.upperBound), got \(value)"
        }
        guard ratings <= products * users else {
            return "ratings (\(ratings)) must not exceed products × users (\(products * users)): each user rates a product at most once"
        }
        guard (0...100).contains(outOfStockPercent) else {
            return "the out-of-stock share must be between 0 and 100 percent, got \(outOfStockPercent)"
        }
        return nil
    }

    /// Products that end with no stock.
    public var outOfStockCount: Int { (products * outOfStockPercent + 50) / 100 }
}

/// One product's commands, to run in order, with their command ids.
public struct ProductScript: Sendable, Hashable {
    public let productId: Int64
    public let commands: [ProductCommand]
    public let commandIds: [UUID]
}
