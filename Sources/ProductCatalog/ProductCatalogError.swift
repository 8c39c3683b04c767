/// Why a product command was rejected.
///
/// Match on ``kind`` (and ``field`` for `.invalidField`); ``description`` is a
/// message for the API client, e.g. `"quantity must be between 1 and 1000000, got 0"`.
/// HTTP mapping: `.invalidField`/`.insufficientStock` → 422, `.alreadyExists` → 409,
/// `.notFound` → 404.
public struct ProductCatalogError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of rejection.
    public enum Kind: Sendable, Hashable {
        /// A command field has a bad value; ``ProductCatalogError/field`` names it.
        case invalidField
        /// A product with this id already exists.
        case alreadyExists
        /// No product with this id exists.
        case notFound
        /// More items were to be shipped than are in stock.
        case insufficientStock
    }

    private enum Reason: Sendable, Hashable {
        case invalidField(field: String, message: String)
        case alreadyExists(productId: Int64)
        case notFound(productId: Int64)
        case insufficientStock(productId: Int64, inStock: Int64, requested: Int64)
    }

    private let reason: Reason

    private init(_ reason: Reason) { self.reason = reason }

    /// The category of rejection.
    public var kind: Kind {
        switch reason {
        case .invalidField: .invalidField
        case .alreadyExists: .alreadyExists
        case .notFound: .notFound
        case .insufficientStock: .insufficientStock
        }
    }

    /// The JSON field name of the bad value (`"id"`, `"name"`, `"description"`,
    /// `"unitPrice"`, `"userId"`, `"rating"`, `"quantity"`); `nil` for other kinds.
    public var field: String? {
        guard case .invalidField(let field, _) = reason else { return nil }
        return field
    }

    /// The product the command addressed; `nil` for `.invalidField`.
    public var productId: Int64? {
        switch reason {
        case .invalidField: nil
        case .alreadyExists(let id), .notFound(let id), .insufficientStock(let id, _, _): id
        }
    }

    /// What was wrong, in words an API client can act on.
    public var description: String {
        switch reason {
        case .invalidField(_, let message):
            message
        case .alreadyExists(let id):
            "product \(id) already exists"
        case .notFound(let id):
            "product \(id) not found"
        case .insufficientStock(let id, let inStock, let requested):
            "insufficient stock for product \(id): \(inStock) in stock, \(requested) requested"
        }
    }

    /// `field` has a bad value; `message` states the rule and the value received.
    public static func invalidField(_ field: String, _ message: String) -> Self {
        Self(.invalidField(field: field, message: message))
    }

    /// Product `productId` already exists.
    public static func alreadyExists(productId: Int64) -> Self {
        Self(.alreadyExists(productId: productId))
    }

    /// Product `productId` does not exist.
    public static func notFound(productId: Int64) -> Self {
        Self(.notFound(productId: productId))
    }

    /// Shipping `requested` items of product `productId` with only `inStock` in stock.
    public static func insufficientStock(productId: Int64, inStock: Int64, requested: Int64) -> Self {
        Self(.insufficientStock(productId: productId, inStock: inStock, requested: requested))
    }
}
