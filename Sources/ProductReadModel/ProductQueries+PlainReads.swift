import ProjectorRuntime
import RedisClient

/// Both views of one product, from one read of its hash.
public struct ProductViews: Sendable, Hashable {
    public let display: ProductDisplay
    public let inventory: ProductInventory

    public init(display: ProductDisplay, inventory: ProductInventory) {
        self.display = display
        self.inventory = inventory
    }
}

extension ProductQueries {
    /// The live generation, from a plain `GET <root>:live`; `nil` when none is live.
    public func liveGeneration() async throws -> ReadModelGeneration? {
        guard let name = try await redis.get(layout.livePointer) else { return nil }
        guard let generation = ReadModelGeneration(name: name) else {
            throw RedisClientError(.unexpectedReply, "\(layout.livePointer) holds '\(name)', not a generation name")
        }
        return generation
    }

    /// A product of `generation`, read with a plain `HGETALL` of its hash; `nil` when the
    /// generation does not have it.
    ///
    /// The queries above resolve the live pointer inside one `FCALL_RO`, which is what a
    /// plain request wants. Client-side caching needs plain commands instead: Redis 7.0
    /// tracks only the keys a script declares (the live pointer), not the keys it reads.
    public func productViews(_ id: Int64, in generation: ReadModelGeneration) async throws -> ProductViews? {
        let key = ProductReadModelKeys(layout: layout, generation: generation).product(String(id))
        let fields = try await redis.hgetall(key)
        guard !fields.isEmpty else { return nil }
        return ProductViews(display: try ProductDisplay(fields: fields), inventory: try ProductInventory(fields: fields))
    }
}

/// What a plain read found, and the keys it read (for client-side caching).
public struct TrackedRead<Value: Sendable>: Sendable {
    public let value: Value
    /// Every key the read touched, whether or not it existed.
    public let keys: [String]
}

extension ProductQueries {
    /// FindByName's page as `cqrs_rm_by_name_page` reads it, with plain commands in
    /// `generation`: `ZRANGEBYLEX` of the names, then `HGETALL` of each product (one
    /// pipeline). `foldedPrefix` is already folded; `after` is a ``ProductPage/next``.
    public func namePage(
        _ foldedPrefix: String, limit: Int, after: String?, in generation: ReadModelGeneration
    ) async throws -> TrackedRead<ProductPage<ProductDisplay>> {
        let keys = ProductReadModelKeys(layout: layout, generation: generation)
        let min: [UInt8] = after.map { Array("(\($0)".utf8) } ?? Array("[\(foldedPrefix)".utf8)
        let max = Array("[\(foldedPrefix)".utf8) + [0xFF]
        let reply = try await redis.send(RedisCommand(
            "ZRANGEBYLEX", [.string(keys.names), .bytes(min), .bytes(max), "LIMIT", 0, .integer(Int64(limit) + 1)], key: keys.names))
        guard var members = reply.array?.compactMap(\.string) else {
            throw RedisClientError(.unexpectedReply, "unexpected ZRANGEBYLEX reply: \(reply)")
        }
        var next: String?
        if members.count > limit {
            members.removeLast()
            next = members.last
        }
        let ids = members.compactMap { member in member.split(separator: "\0").last.flatMap { Int64($0) } }
        let products = try await products(ids, in: keys)
        return TrackedRead(value: ProductPage(items: products.value, next: next), keys: [keys.names] + products.keys)
    }

    /// FindRelatedProducts as `cqrs_rm_related` reads it, with plain commands in
    /// `generation`: `ZREVRANGE ... WITHSCORES` of the product's related set, then
    /// `HGETALL` of each related product (one pipeline).
    public func relatedProducts(_ id: Int64, limit: Int, in generation: ReadModelGeneration) async throws -> TrackedRead<[RelatedProduct]> {
        let keys = ProductReadModelKeys(layout: layout, generation: generation)
        let set = keys.related(String(id))
        let reply = try await redis.send(RedisCommand("ZREVRANGE", [.string(set), 0, .integer(Int64(limit) - 1), "WITHSCORES"], key: set))
        guard let flat = reply.array, flat.count % 2 == 0 else {
            throw RedisClientError(.unexpectedReply, "unexpected ZREVRANGE reply: \(reply)")
        }
        let scored = stride(from: 0, to: flat.count, by: 2).compactMap { index -> (Int64, Int)? in
            guard let member = flat[index].int, let score = flat[index + 1].double else { return nil }
            return (member, Int(score))
        }
        let products = try await products(scored.map(\.0), in: keys)
        let scores = Dictionary(scored, uniquingKeysWith: { first, _ in first })
        let related = products.value.map { RelatedProduct(product: $0, sharedRaters: scores[$0.id] ?? 0) }
        return TrackedRead(value: related, keys: [set] + products.keys)
    }

    /// The products with these ids, in order, skipping those the generation does not have.
    private func products(_ ids: [Int64], in keys: ProductReadModelKeys) async throws -> TrackedRead<[ProductDisplay]> {
        let productKeys = ids.map { keys.product(String($0)) }
        guard !productKeys.isEmpty else { return TrackedRead(value: [], keys: []) }
        let replies = try await redis.pipeline(productKeys.map { RedisCommand.hgetall($0) })
        let products = try replies.compactMap { result -> ProductDisplay? in
            let fields = try result.get().fieldPairs(for: "HGETALL")
            return fields.isEmpty ? nil : try ProductDisplay(fields: fields)
        }
        return TrackedRead(value: products, keys: productKeys)
    }
}
