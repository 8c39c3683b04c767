import Hummingbird
import Logging
import ProductReadModel
import RedisClient

/// The product query routes, each one read of the live read-model generation:
///
/// | route | answer |
/// |---|---|
/// | `GET /products/{id}` | ProductDisplay (`ETag`, `If-None-Match`, `minVersion`; near cache) |
/// | `GET /products?name=&limit=&cursor=` | FindByName, paged (near cache) |
/// | `GET /products/out-of-stock?limit=&cursor=` | out-of-stock products, paged |
/// | `GET /products/{id}/related?limit=` | related products, best first (near cache) |
/// | `GET /products/{id}/inventory` | ProductInventory (`ETag`; near cache) |
/// | `GET /products/top-rated?limit=` | best average rating first |
public struct ProductQueryController<Context: RequestContext>: Sendable {
    /// The servers holding the read models.
    public let servers: ReadServers
    /// How long a `minVersion` request waits.
    public let minVersionTimeout: Duration
    /// Answers product and inventory reads from memory while its tracking session is up.
    public let nearCache: ProductNearCache?
    public let logger: Logger

    public init(servers: ReadServers, minVersionTimeout: Duration = .seconds(2), nearCache: ProductNearCache? = nil, logger: Logger) {
        self.servers = servers
        self.minVersionTimeout = minVersionTimeout
        self.nearCache = nearCache
        self.logger = logger
    }

    /// Every path, all GET (and HEAD).
    static var paths: [String] {
        ["/products", "/products/out-of-stock", "/products/top-rated", "/products/:id", "/products/:id/related", "/products/:id/inventory"]
    }

    /// Adds the routes to `router`.
    public func addRoutes(to router: Router<Context>) {
        router.get("/products") { request, _ in await self.answer { try await self.byName(request) } }
        router.get("/products/out-of-stock") { request, _ in await self.answer { try await self.outOfStock(request) } }
        router.get("/products/top-rated") { request, _ in await self.answer { try await self.topRated(request) } }
        router.get("/products/:id") { request, context in
            await self.answer { try await self.product(request, id: context.parameters.get("id")) }
        }
        router.get("/products/:id/related") { request, context in
            await self.answer { try await self.related(request, id: context.parameters.get("id")) }
        }
        router.get("/products/:id/inventory") { request, context in
            await self.answer { try await self.inventory(request, id: context.parameters.get("id")) }
        }
    }

    /// Runs a route, mapping failures to JSON errors: Redis unreachable or slow → 503.
    private func answer(_ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let problem as QueryProblem {
            return problem.response
        } catch let unusable as ServerUnusable {
            return unusable.problem.response
        } catch let error as RedisClientError {
            return QueryProblem.unavailable("the read store does not answer (\(error)); try again shortly").response
        } catch {
            logger.error("query failed", metadata: ["error": "\(error)"])
            return QueryProblem(status: .internalServerError, message: "internal error; the server log has the details").response
        }
    }

    private func product(_ request: Request, id text: String?) async throws -> Response {
        let parameters = try QueryParameters(request, allowed: ["minVersion"])
        let id = try QueryParameters.productId(text)
        let minVersion = try parameters.minVersion()
        if let cached = await nearCache?.product(id), cached.version >= minVersion ?? 0 {
            return ETag.response(body: cached.displayBody, tag: ETag.tag(cached.version), request: request)
        }
        let product: ProductDisplay
        if let minVersion {
            product = try await VersionWait(timeout: minVersionTimeout, nearCache: nearCache).product(id, minVersion: minVersion, servers: servers)
        } else {
            product = try await servers.read { queries in try await found(try await queries.findById(id), id, on: queries) }
        }
        return ETag.response(product, version: product.version, request: request)
    }

    private func inventory(_ request: Request, id text: String?) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        let id = try QueryParameters.productId(text)
        if let cached = await nearCache?.product(id) {
            return ETag.response(body: cached.inventoryBody, tag: ETag.tag(cached.version), request: request)
        }
        let inventory = try await servers.read { queries in try await found(try await queries.inventory(id), id, on: queries) }
        return ETag.response(InventoryBody(inventory), version: inventory.version, request: request)
    }

    private func related(_ request: Request, id text: String?) async throws -> Response {
        let parameters = try QueryParameters(request, allowed: ["limit"])
        let id = try QueryParameters.productId(text)
        let limit = try parameters.limit()
        if let cached = await nearCache?.related(id, limit: limit, render: Self.relatedBody) {
            return ListETag.response(cached, request: request)
        }
        let related: [RelatedProduct] = try await servers.read { queries in
            _ = try await found(try await queries.findById(id), id, on: queries)
            guard let related = try await queries.relatedProducts(id, limit: limit) else { throw ServerUnusable(problem: Self.noLiveGeneration) }
            return related
        }
        return ListETag.response(body: Self.relatedBody(related), request: request)
    }

    private func byName(_ request: Request) async throws -> Response {
        let parameters = try QueryParameters(request, allowed: ["name", "limit", "cursor"])
        let name = try parameters.name()
        let limit = try parameters.limit()
        let folded = ProductNameFolding.fold(name)
        let after = try parameters["cursor"].map { cursor throws(QueryProblem) in
            try PageCursor.nameMember(cursor, foldedPrefix: folded)
        }
        if let cached = await nearCache?.namePage(folded, limit: limit, after: after, render: Self.namePageBody) {
            return ListETag.response(cached, request: request)
        }
        let page: ProductPage<ProductDisplay> = try await servers.read { queries in
            guard let page = try await queries.findByName(name, limit: limit, after: after) else { throw ServerUnusable(problem: Self.noLiveGeneration) }
            return page
        }
        return ListETag.response(body: Self.namePageBody(page), request: request)
    }

    private func outOfStock(_ request: Request) async throws -> Response {
        let parameters = try QueryParameters(request, allowed: ["limit", "cursor"])
        let limit = try parameters.limit()
        let after = try parameters["cursor"].map { cursor throws(QueryProblem) in try PageCursor.productId(cursor) }
        let page: ProductPage<ProductInventory> = try await servers.read { queries in
            guard let page = try await queries.findOutOfStockProducts(limit: limit, after: after) else { throw ServerUnusable(problem: Self.noLiveGeneration) }
            return page
        }
        return ListETag.response(PageBody(items: page.items.map(InventoryBody.init), nextCursor: page.next.map(PageCursor.encode)), request: request)
    }

    private func topRated(_ request: Request) async throws -> Response {
        let parameters = try QueryParameters(request, allowed: ["limit"])
        let limit = try parameters.limit()
        let items = try await servers.read { queries in try await queries.topRated(limit: limit) }
        return ListETag.response(ListBody(items: items), request: request)
    }

    /// The value, or 404; ``ServerUnusable`` when `queries`' server has no live generation.
    private func found<T>(_ value: T?, _ id: Int64, on queries: ProductQueries) async throws -> T {
        if let value { return value }
        guard try await queries.hasLiveGeneration() else { throw ServerUnusable(problem: Self.noLiveGeneration) }
        throw QueryProblem(status: .notFound, message: "no product \(id)", field: "id")
    }

    /// The body of a FindByName page, as the near cache keeps it.
    @Sendable static func namePageBody(_ page: ProductPage<ProductDisplay>) -> ByteBuffer? {
        Response.jsonBody(PageBody(items: page.items, nextCursor: page.next.map(PageCursor.encode)))
    }

    /// The body of a related-products list, as the near cache keeps it.
    @Sendable static func relatedBody(_ related: [RelatedProduct]) -> ByteBuffer? {
        Response.jsonBody(ListBody(items: related.map(RelatedBody.init)))
    }

    static var noLiveGeneration: QueryProblem {
        .unavailable("no read-model generation is live yet; run `cqrs init` and a projector")
    }
}
