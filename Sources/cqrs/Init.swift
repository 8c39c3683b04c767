import ArgumentParser
import EventSourcing
import EventStore
import RedisClient

struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Initialise the write store: fix the partition count and load the Redis Functions.",
        discussion: "Safe to run again: with the same partition count it only reloads stale Functions; with another count it fails and changes nothing."
    )

    @OptionGroup var store: WriteStoreOptions

    @Option(help: "Partition count P, fixed for the store's life (env CQRS_PARTITIONS; default 16).")
    var partitions: Int?

    func run() async throws {
        let count = try Setting.integer(partitions, env: "CQRS_PARTITIONS", default: 16)
        let configuration = try store.writeConfiguration(clientName: "cqrs-init")
        let redis = RedisClient(configuration)
        defer { redis.close() }
        do {
            try await RedisEventStore.initialize(redis: redis, prefix: store.resolvedPrefix, partitions: count)
        } catch let error as EventStoreError {
            throw CLIError(error.message)
        } catch let error as RedisClientError {
            throw CLIError(error.description)
        }
        print("init: event store at \(configuration.redactedURL) prefix '\(store.resolvedPrefix)' has \(count) partitions; Functions loaded")
    }
}
