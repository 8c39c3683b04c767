import ArgumentParser
import Logging
import ProductReadModel
import ProjectorRuntime
import RedisClient

/// The write store (the log) and the read store (the read models), for the read side's
/// commands. The read store defaults to the write store: one server serves the smallest
/// deployment.
struct ReadSideOptions: ParsableArguments {
    @OptionGroup var write: WriteStoreOptions

    @Option(help: ArgumentHelp("Read store URL (env CQRS_READ_URL; default: the write store's URL).", valueName: "url"))
    var readURL: String?

    @Option(help: ArgumentHelp("File holding the read store's password (env CQRS_READ_PASSWORD_FILE; or CQRS_READ_PASSWORD; default: none).", valueName: "path"))
    var readPasswordFile: String?

    @Option(help: "Recent ratings per user paired for related products, K (env CQRS_RELATED_LIMIT; default 50).")
    var relatedLimit: Int?

    func readConfiguration(clientName: String) throws -> RedisConfiguration {
        let writeURL = Setting.value(write.writeURL, env: "CQRS_WRITE_URL", default: WriteStoreOptions.defaultWriteURL)
        return try WriteStoreOptions.configuration(
            url: Setting.value(readURL, env: "CQRS_READ_URL", default: writeURL),
            passwordFile: readPasswordFile, fileEnv: "CQRS_READ_PASSWORD_FILE", passwordEnv: "CQRS_READ_PASSWORD",
            timeoutMs: try Setting.integer(write.timeoutMs, env: "CQRS_TIMEOUT_MS", default: 2000), clientName: clientName, metricsName: "read"
        )
    }

    func projection() throws -> ProductProjection {
        let limit = try Setting.integer(relatedLimit, env: "CQRS_RELATED_LIMIT", default: 50)
        guard (1...10_000).contains(limit) else { throw CLIError("the related limit K must be between 1 and 10000, got \(limit)") }
        return ProductProjection(relatedRatingsPerUser: limit)
    }

    /// Clients of both stores; the caller closes them.
    func clients(_ name: String) throws -> (write: RedisClient, read: RedisClient) {
        (RedisClient(try write.writeConfiguration(clientName: name)), RedisClient(try readConfiguration(clientName: name)))
    }

    /// Runs `body` with the projection's admin over both stores, closing them afterwards.
    func withAdmin<T>(_ name: String, logger: Logger = Logger(label: "cqrs.admin"), _ body: (ProjectionAdmin<ProductProjection>) async throws -> T) async throws -> T {
        let (writeStore, readStore) = try clients(name)
        defer { writeStore.close(); readStore.close() }
        return try await body(ProjectionAdmin(projection: try projection(), writeStore: writeStore, readStore: readStore, logger: logger))
    }
}
