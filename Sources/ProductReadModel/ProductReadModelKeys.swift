import ProjectorRuntime

/// The product read models' keys in one generation (`cqrs:rm:g1:...`). The Lua library
/// (`Lua/readmodel.lua`) builds the same names; docs/architecture.md lists them with
/// redis-cli examples.
public struct ProductReadModelKeys: Sendable, Hashable {
    /// `cqrs:rm:g1`.
    public let prefix: String

    public init(layout: ReadStoreLayout, generation: ReadModelGeneration) {
        prefix = layout.prefix(generation)
    }

    /// `cqrs:rm:g1:product:42`: hash, ProductDisplay and ProductInventory fields plus
    /// `ratingSum`, `ratingCount` and the applied `version`.
    public func product(_ id: String) -> String { "\(prefix):product:\(id)" }
    /// `cqrs:rm:g1:ratings:42`: hash, user id → that user's current stars.
    public func ratings(_ id: String) -> String { "\(prefix):ratings:\(id)" }
    /// `cqrs:rm:g1:names`: zset, score 0, members `<folded name>\0<id>`.
    public var names: String { "\(prefix):names" }
    /// `cqrs:rm:g1:out-of-stock`: zset of product ids with no stock, scored by id.
    public var outOfStock: String { "\(prefix):out-of-stock" }
    /// `cqrs:rm:g1:top-rated`: zset of rated product ids, scored by average rating.
    public var topRated: String { "\(prefix):top-rated" }
    /// `cqrs:rm:g1:user:7:recent`: zset, the user's K most recent rated products by time.
    public func recentRatings(user: String) -> String { "\(prefix):user:\(user):recent" }
    /// `cqrs:rm:g1:related:42`: zset, other product id → users who rated both recently.
    public func related(_ id: String) -> String { "\(prefix):related:\(id)" }
    /// `cqrs:rm:g1:events-applied`: a counter of applied events; verify compares it with
    /// the log, which catches an event applied twice (or not at all).
    public var eventsApplied: String { "\(prefix):events-applied" }
}
