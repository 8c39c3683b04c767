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
