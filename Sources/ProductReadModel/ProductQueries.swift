import ProjectorRuntime
import RedisClient

/// The read side's queries (the seed's ProductsDao), each one `FCALL_RO` that resolves
/// the live generation and reads it in the same atomic call, so a rebuild's switch is
/// never seen half-way. Works on read replicas.
public struct ProductQueries: Sendable {
    public let redis: any RedisCommandSender
    public let layout: ReadStoreLayout

    public init(redis: any RedisCommandSender, layout: ReadStoreLayout = ReadStoreLayout()) {
        self.redis = redis
        self.layout = layout
    }

    /// FindById: the product, or `nil` when the live generation does not know it.
    public func findById(_ id: Int64) async throws -> ProductDisplay? {
        try await products("cqrs_rm_product", [.integer(id)]).first.map(ProductDisplay.init)
    }

    /// The product's stock, or `nil` when unknown.
    public func inventory(_ id: Int64) async throws -> ProductInventory? {
        try await products("cqrs_rm_product", [.integer(id)]).first.map(ProductInventory.init)
    }

    /// FindByName: products whose name starts with `prefix`, ignoring case
    /// (``ProductNameFolding``), in folded-name order.
    public func findByName(_ prefix: String, limit: Int = 50) async throws -> [ProductDisplay] {
        try await products("cqrs_rm_by_name", [.string(ProductNameFolding.fold(prefix)), .integer(Int64(limit))]).map(ProductDisplay.init)
    }

    /// FindOutOfStockProducts, by product id.
    public func findOutOfStockProducts(offset: Int = 0, limit: Int = 100) async throws -> [ProductInventory] {
        try await products("cqrs_rm_out_of_stock", [.integer(Int64(offset)), .integer(Int64(limit))]).map(ProductInventory.init)
    }

    /// Top-rated products, best average first.
    public func topRated(limit: Int = 10) async throws -> [ProductDisplay] {
        try await products("cqrs_rm_top_rated", [.integer(Int64(limit))]).map(ProductDisplay.init)
    }

    /// FindRelatedProducts: products rated by the same users, most shared raters first.
    public func findRelatedProducts(_ id: Int64, limit: Int = 10) async throws -> [RelatedProduct] {
        try await relatedProducts(id, limit: limit) ?? []
    }

    /// FindRelatedProducts, or `nil` when no generation is live on this server.
    public func relatedProducts(_ id: Int64, limit: Int) async throws -> [RelatedProduct]? {
        let reply = try await call("cqrs_rm_related", [.integer(id), .integer(Int64(limit))])
        guard !reply.isEmpty else { return nil }
        return try reply.dropFirst().map { item in
            guard let pair = item.array, pair.count == 2, let score = pair[0].int else {
                throw RedisClientError(.unexpectedReply, "unexpected related product from cqrs_rm_related: \(item)")
            }
            return RelatedProduct(product: try ProductDisplay(fields: try pair[1].fieldPairs(for: "cqrs_rm_related")), sharedRaters: Int(score))
        }
    }

    /// `{gen, item...}` of a query function, or `[]` when no generation is live.
    func call(_ function: String, _ arguments: [RedisArgument]) async throws -> [RESPValue] {
        let command = RedisCommand.fcallReadOnly(function, keys: [layout.livePointer], arguments: arguments)
        let reply: RESPValue
        do {
            reply = try await redis.send(command)
        } catch let error as RedisServerError where error.message.contains("Function not found") {
            try await ProductReadModelLibrary.library.load(on: redis)
            reply = try await redis.send(command)
        }
        guard let items = reply.array else { throw RedisClientError(.unexpectedReply, "unexpected reply from \(function): \(reply)") }
        return items
    }

    private func products(_ function: String, _ arguments: [RedisArgument]) async throws -> [[String: String]] {
        try await call(function, arguments).dropFirst().map { try $0.fieldPairs(for: function) }
    }
}
