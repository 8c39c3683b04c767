import ArgumentParser
import Foundation
import Logging
import ProductReadModel
import QueryAPI
import RedisClient

/// `cqrs query-api`: the HTTP read API over the live read models.
struct ServeQueryAPI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query-api",
        abstract: "Serve the HTTP query API (routes in /openapi.yaml) over the read store's live read models.",
        discussion: "SIGTERM or SIGINT stops it gracefully: requests in progress finish first."
    )

    @OptionGroup var store: ReadSideOptions
    @OptionGroup var logging: LoggingOptions

    @Option(help: "Address to listen on; 0.0.0.0 for every interface (env CQRS_QUERY_API_HOST; default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (env CQRS_QUERY_API_PORT; default 8080).")
    var port: Int?

    @Option(name: .customLong("replica-url"), help: ArgumentHelp(
        "A read replica's URL; repeat for several. Reads spread across them and fall back to the read store (env CQRS_REPLICA_URLS, comma-separated; default: none, the read store serves every read).",
        valueName: "url"))
    var replicaURLs: [String] = []

    @Option(help: "How long a minVersion request waits for the read model, in ms (env CQRS_MIN_VERSION_TIMEOUT_MS; default 2000).")
    var minVersionTimeoutMs: Int?

    @Option(help: "Entries kept in the near cache (products, name-search pages, related lists; kept correct by CLIENT TRACKING on the first replica, or the read store without replicas); 0 turns it off (env CQRS_NEAR_CACHE_SIZE; default 10000).")
    var nearCacheSize: Int?

    /// Also serves `/metrics`: request durations, replica fallbacks, the Redis clients' errors.
    func run() async throws {
        let logger = try logging.bootstrap(label: "cqrs.query-api")
        let registry = ProcessRegistry.bootstrap()
        let timeoutMs = try Setting.integer(minVersionTimeoutMs, env: "CQRS_MIN_VERSION_TIMEOUT_MS", default: 2000)
        guard (0...600_000).contains(timeoutMs) else { throw CLIError("the minVersion timeout must be between 0 and 600000 ms, got \(timeoutMs)") }
        let cacheSize = try Setting.integer(nearCacheSize, env: "CQRS_NEAR_CACHE_SIZE", default: 10_000)
        guard (0...10_000_000).contains(cacheSize) else { throw CLIError("the near cache size must be between 0 and 10000000, got \(cacheSize)") }
        let readStore = RedisClient(try store.readConfiguration(clientName: "cqrs-query-api"))
        defer { readStore.close() }
        let configuration = QueryAPIConfiguration(
            host: Setting.value(host, env: "CQRS_QUERY_API_HOST", default: "127.0.0.1"),
            port: try Setting.integer(port, env: "CQRS_QUERY_API_PORT", default: 8080),
            minVersionTimeout: .milliseconds(timeoutMs))
        let layout = try store.projection().layout
        let replicas = try replicaConfigurations(primary: readStore.configuration).map { RedisClient($0) }
        defer { replicas.forEach { $0.close() } }
        let servers = ReadServers(
            primary: ProductQueries(redis: readStore, layout: layout),
            replicas: replicas.map { ProductQueries(redis: $0, layout: layout) },
            metrics: QueryMetrics(registry: registry))
        // The near cache reads (and tracks) the first replica when there is one, so cached
        // routes read a replica too; while that replica is down or out of sync the cache is
        // off and every read goes through `servers` (other replicas, then the primary).
        let cacheServer = replicas.first?.configuration ?? readStore.configuration
        let nearCache = cacheSize == 0 ? nil : ProductNearCache(configuration: cacheServer, layout: layout, capacity: cacheSize, metrics: servers.metrics)
        try await ShutdownSignals.run(
            [buildQueryApplication(configuration: configuration, servers: servers, nearCache: nearCache, logger: logger)], logger: logger)
    }

    /// `--replica-url` flags, else `CQRS_REPLICA_URLS`; each takes the read store's
    /// password, timeout and client name unless its URL names a password.
    func replicaConfigurations(primary: RedisConfiguration) throws -> [RedisConfiguration] {
        let urls = replicaURLs.isEmpty
            ? Setting.value(nil, env: "CQRS_REPLICA_URLS", default: "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            : replicaURLs
        return try urls.map { url in
            var configuration = try RedisConfiguration(url: url)
            if configuration.password == nil {
                configuration.username = primary.username
                configuration.password = primary.password
            }
            configuration.commandTimeout = primary.commandTimeout
            configuration.clientName = primary.clientName
            configuration.metricsName = "replica"
            return configuration
        }
    }
}
