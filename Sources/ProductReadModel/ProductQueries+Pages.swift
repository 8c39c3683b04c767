import RedisClient

extension ProductQueries {
    /// Whether a generation is live on this server (a query can answer).
    public func hasLiveGeneration() async throws -> Bool {
        try await redis.send(.get(layout.livePointer)).isNull == false
    }

    /// FindByName, paged: up to `limit` products whose folded name starts with `prefix`,
    /// after the position `after` (a ``ProductPage/next`` of the same prefix; `nil` for
    /// the first page). Paging to the end yields every match once, in folded-name order.
    /// Returns `nil` when no generation is live.
    public func findByName(_ prefix: String, limit: Int, after: String?) async throws -> ProductPage<ProductDisplay>? {
        let folded = ProductNameFolding.fold(prefix)
        return try await page("cqrs_rm_by_name_page", [.string(folded), .integer(Int64(limit)), .string(after ?? "")], map: ProductDisplay.init)
    }

    /// FindOutOfStockProducts, paged by product id: up to `limit` products with an id
    /// greater than `after` (a ``ProductPage/next``, a decimal id). `nil` when no
    /// generation is live.
    public func findOutOfStockProducts(limit: Int, after: Int64?) async throws -> ProductPage<ProductInventory>? {
        try await page("cqrs_rm_out_of_stock_page", [.integer(Int64(limit)), .integer(after ?? 0)], map: ProductInventory.init)
    }

    private func page<Item>(
        _ function: String, _ arguments: [RedisArgument], map: ([String: String]) throws(ProductRecordError) -> Item
    ) async throws -> ProductPage<Item>? {
        let reply = try await call(function, arguments)
        guard reply.count >= 2 else { return nil }
        guard let next = reply[1].string else {
            throw RedisClientError(.unexpectedReply, "unexpected cursor from \(function): \(reply[1])")
        }
        let items = try reply.dropFirst(2).map { value throws -> Item in try map(try value.fieldPairs(for: function)) }
        return ProductPage(items: items, next: next.isEmpty ? nil : next)
    }
}
