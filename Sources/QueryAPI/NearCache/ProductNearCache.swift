import Hummingbird
import Logging
import ProductReadModel
import ProjectorRuntime
import RedisClient
import ServiceLifecycle
import Synchronization

/// A small in-process cache of product reads (`GET /products/{id}` and its inventory,
/// name-search pages, related products), kept correct by Redis server-assisted
/// client-side caching (RESP2, default mode).
///
/// While it runs (it is a `Service`), it holds a tracking session with the read primary:
/// one connection subscribed to `__redis__:invalidate`, and one "reader" connection with
/// `CLIENT TRACKING ON REDIRECT <subscriber>` through which every fill reads with plain
/// commands (`GET <root>:live`, then `HGETALL` of a product hash, or `ZRANGEBYLEX` /
/// `ZREVRANGE` and the items' hashes). Redis then pushes the name of every key we read
/// once it changes, in the same event-loop turn as the change:
/// - any key → every entry that read it is forgotten (read-your-writes waits on a
///   product wake when its hash changes);
/// - the live pointer (a rebuild's switch), a `null` (FLUSHDB) → everything is forgotten;
/// - the session ends (either connection drops, or a PING on the subscriber fails) →
///   everything is forgotten and nothing is cached until a new session is up.
/// A fill whose reply crosses an invalidation is dropped (see ``NearCacheState``).
/// The cache holds at most `capacity` entries; beyond that an arbitrary one goes.
public final class ProductNearCache: Service, Sendable {
    public static let invalidationChannel = "__redis__:invalidate"

    public let capacity: Int
    let configuration: RedisConfiguration
    let layout: ReadStoreLayout
    let logger: Logger
    /// How often the subscriber is PINGed (a silent half-open connection ends the session),
    /// and the statistics are published to `metrics`.
    let healthCheckInterval: Duration
    let metrics: QueryMetrics?
    private let state: Mutex<NearCacheState>

    /// A cache of reads from the server at `configuration` (a read replica, or the read
    /// primary); its figures
    /// go to `metrics` (`cqrs_near_cache_*`) once per `healthCheckInterval` while it runs.
    public init(
        configuration: RedisConfiguration, layout: ReadStoreLayout = ReadStoreLayout(), capacity: Int = 10_000,
        healthCheckInterval: Duration = .seconds(1), metrics: QueryMetrics? = nil,
        logger: Logger = Logger(label: "cqrs.query-api.near-cache")
    ) {
        self.configuration = configuration
        self.layout = layout
        self.capacity = capacity
        self.healthCheckInterval = healthCheckInterval
        self.metrics = metrics
        self.logger = logger
        state = Mutex(NearCacheState(capacity: capacity))
    }

    public var statistics: NearCacheStatistics { state.withLock { $0.statistics } }

    /// Whether a tracking session is up (reads are cached).
    public var isActive: Bool { state.withLock { $0.session != 0 } }

    // MARK: Reads

    /// What a tracked read found.
    enum Read<Value> {
        case found(Value)
        /// The live generation (or the server) has no such product, or none is live.
        case absent
        /// No tracking session, or the read failed: ask the read servers instead.
        case unavailable
    }

    /// The product if memory holds it (and a session is up).
    func cached(_ id: Int64) -> CachedProduct? {
        guard case .product(let product) = state.withLock({ $0.lookup(.product(id)) }) else { return nil }
        return product
    }

    /// The product from memory, else read through the tracked connection (and kept);
    /// `nil` when the cache cannot answer (the caller reads the servers).
    func product(_ id: Int64) async -> CachedProduct? {
        if let hit = cached(id) { return hit }
        if case .found(let product) = await load(id) { return product }
        return nil
    }

    /// Reads product `id` through the tracked connection, so that its key is tracked,
    /// and keeps it unless an invalidation crossed the read.
    func load(_ id: Int64) async -> Read<CachedProduct> {
        let read = await fill(.product(id)) { queries, generation in
            let key = ProductReadModelKeys(layout: queries.layout, generation: generation).product(String(id))
            return (try await queries.productViews(id, in: generation).flatMap(CachedProduct.init).map(CachedValue.product), [key])
        }
        switch read {
        case .found(.product(let product)): return .found(product)
        case .found(.list), .absent: return .absent
        case .unavailable: return .unavailable
        }
    }

    /// A FindByName page (`prefix` folded), from memory or read and kept; `render` makes
    /// its body. `nil` when the cache cannot answer.
    func namePage(
        _ prefix: String, limit: Int, after: String?, render: @escaping @Sendable (ProductPage<ProductDisplay>) -> ByteBuffer?
    ) async -> CachedList? {
        await list(.namePage(prefix: prefix, limit: limit, after: after ?? "")) { queries, generation in
            let read = try await queries.namePage(prefix, limit: limit, after: after, in: generation)
            return (render(read.value), read.keys)
        }
    }

    /// A product's related products, from memory or read and kept; `nil` when the cache
    /// cannot answer, or the product does not exist (the caller answers 404 then).
    func related(_ id: Int64, limit: Int, render: @escaping @Sendable ([RelatedProduct]) -> ByteBuffer?) async -> CachedList? {
        await list(.related(id, limit: limit)) { queries, generation in
            guard try await queries.productViews(id, in: generation) != nil else { return (nil, []) }
            let read = try await queries.relatedProducts(id, limit: limit, in: generation)
            let product = ProductReadModelKeys(layout: queries.layout, generation: generation).product(String(id))
            return (render(read.value), [product] + read.keys)
        }
    }

    private func list(
        _ key: NearCacheKey, read: @escaping @Sendable (ProductQueries, ReadModelGeneration) async throws -> (ByteBuffer?, [String])
    ) async -> CachedList? {
        if case .list(let hit) = state.withLock({ $0.lookup(key) }) { return hit }
        let filled = await fill(key) { queries, generation in
            let (body, keys) = try await read(queries, generation)
            return (body.map { CachedValue.list(CachedList(body: $0)) }, keys)
        }
        guard case .found(.list(let list)) = filled else { return nil }
        return list
    }

    /// Runs `read` through the tracked connection in the live generation (read first
    /// when unknown) and keeps its value under `key` unless something crossed it.
    private func fill(
        _ key: NearCacheKey, read: (ProductQueries, ReadModelGeneration) async throws -> (CachedValue?, [String])
    ) async -> Read<CachedValue> {
        guard let (ticket, reader, known) = state.withLock({ $0.beginFill() }) else { return .unavailable }
        let queries = ProductQueries(redis: reader, layout: layout)
        var generation = known
        var value: CachedValue?
        var keys: [String] = []
        do {
            if generation == nil { generation = try await queries.liveGeneration() }
            if let generation { (value, keys) = try await read(queries, generation) }
        } catch {
            state.withLock { $0.endFill(ticket, key: key, value: nil, keys: [], generation: nil) }
            logger.debug("near cache read failed", metadata: ["key": "\(key)", "error": "\(error)"])
            return .unavailable
        }
        state.withLock { $0.endFill(ticket, key: key, value: value, keys: keys, generation: generation) }
        return value.map(Read.found) ?? .absent
    }

    /// A signal fired when product `id` changes (or the cache flushes); `nil` when no
    /// session is up. Call ``unwatch(_:_:)`` when done.
    func watch(_ id: Int64) -> ChangeSignal? {
        state.withLock { $0.watch(id) }
    }

    func unwatch(_ signal: ChangeSignal, _ id: Int64) {
        state.withLock { $0.unwatch(signal, id) }
    }

    // MARK: Invalidations

    /// One `__redis__:invalidate` message: an array of keys, or null for "everything".
    func invalidated(_ payload: RESPValue) {
        let woken = state.withLock { state -> [ChangeSignal] in
            state.countInvalidation()
            guard case .array(let keys) = payload else { return state.flush() }
            var woken: [ChangeSignal] = []
            for key in keys {
                guard let key = key.string else { continue }
                if key == layout.livePointer {
                    woken += state.flush()
                } else {
                    woken += state.invalidate(key, product: productId(inKey: key))
                }
            }
            return woken
        }
        woken.forEach { $0.fire() }
    }

    /// The id in `<root>:<generation>:product:<id>`, of any generation.
    func productId(inKey key: String) -> Int64? {
        let stem = layout.root + ":"
        guard key.hasPrefix(stem) else { return nil }
        let parts = key.dropFirst(stem.count).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1] == "product" else { return nil }
        return Int64(parts[2])
    }

    // MARK: Sessions

    /// Keeps a tracking session up until cancelled or a graceful shutdown, reconnecting
    /// with backoff (50 ms doubling to 2 s) while the server is away, and publishes the
    /// statistics to `metrics`.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.keepSessions() }
                if let metrics = self.metrics { group.addTask { await self.publish(to: metrics) } }
                await group.waitForAll()
            }
        }
    }

    private func publish(to metrics: QueryMetrics) async {
        var previous = NearCacheStatistics()
        while !Task.isCancelled {
            let (now, active) = state.withLock { ($0.statistics, $0.session != 0) }
            metrics.publishNearCache(now, previous: previous, active: active)
            previous = now
            try? await Task.sleep(for: healthCheckInterval)
        }
    }

    private func keepSessions() async {
        var failures = 0
        while !Task.isCancelled {
            do {
                try await runSession { failures = 0 }
            } catch is CancellationError {
                break
            } catch {
                failures += 1
                if failures == 1 || failures % 50 == 0 {
                    logger.warning("near cache off: no tracking session with the read store", metadata: ["error": "\(error)"])
                }
            }
            let delay = Duration.milliseconds(50 << min(failures, 6)).clamped(to: .milliseconds(50)...(.seconds(2)))
            try? await Task.sleep(for: delay)
        }
    }

    /// One session: connect, subscribe, turn tracking on, then health-check until it ends.
    private func runSession(onUp: () -> Void) async throws {
        var configuration = configuration
        configuration.clientName = (configuration.clientName ?? "cqrs") + "-near-cache"
        let subscriber = try await RedisConnection.connect(configuration)
        defer { subscriber.close() }
        let reader = try await RedisConnection.connect(configuration)
        defer { reader.close() }
        guard let subscriberId = try await subscriber.send(RedisCommand("CLIENT", ["ID"])).int else {
            throw RedisClientError(.unexpectedReply, "CLIENT ID did not answer an integer")
        }
        try await subscriber.subscribe(to: Self.invalidationChannel) { [weak self] payload in self?.invalidated(payload) }
        _ = try await reader.send(RedisCommand("CLIENT", ["TRACKING", "ON", "REDIRECT", .integer(subscriberId)]))
        try await Self.requireInSync(reader)
        let session = state.withLock { $0.activate(reader: reader) }
        defer { end(session) }
        for connection in [subscriber, reader] {
            connection.closeFuture.whenComplete { [weak self] _ in self?.end(session) }
        }
        onUp()
        logger.info("near cache on: tracking reads of the read store", metadata: ["session": "\(session)"])
        while state.withLock({ $0.session == session }) {
            try await Task.sleep(for: healthCheckInterval)
            _ = try await subscriber.send(.ping(), timeout: healthCheckInterval)
            try await Self.requireInSync(reader, timeout: healthCheckInterval)
        }
        throw RedisClientError(.connectionClosed, "a near cache connection closed")
    }

    /// A replica whose link to its primary is down receives no writes, so nothing would
    /// invalidate what it served: no session on it (and an empty cache) until the link is
    /// back. A primary is always in sync.
    static func requireInSync(_ reader: RedisConnection, timeout: Duration? = nil) async throws {
        guard try await reader.isInSyncWithPrimary(timeout: timeout) else {
            throw RedisClientError(.connectionClosed, "the near cache's server is a replica out of sync with its primary")
        }
    }

    private func end(_ session: UInt64) {
        state.withLock { $0.deactivate(session) }.forEach { $0.fire() }
    }
}

extension Duration {
    func clamped(to range: ClosedRange<Duration>) -> Duration {
        min(max(self, range.lowerBound), range.upperBound)
    }
}
