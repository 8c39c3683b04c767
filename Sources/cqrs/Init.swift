import ArgumentParser
import EventSourcing
import EventStore
import RedisClient

struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Initialise the stores: fix the partition count and load the Redis Functions on the write and the read store.",
        discussion: """
            Safe to run again: with the same partition count it only reloads stale Functions; with another count it fails and changes nothing. \
            Run it as an admin user (deploy/redis/users.acl): the other roles may not load Functions.
            """
    )

    @OptionGroup var stores: ReadSideOptions

    @Option(help: "Partition count P, fixed for the store's life (env CQRS_PARTITIONS; default 16).")
    var partitions: Int?

    func run() async throws {
        let count = try Setting.integer(partitions, env: "CQRS_PARTITIONS", default: 16)
        let write = stores.write
        let configuration = try write.writeConfiguration(clientName: "cqrs-init")
        let redis = RedisClient(configuration)
        defer { redis.close() }
        do {
            try await RedisEventStore.initialize(redis: redis, prefix: write.resolvedPrefix, partitions: count)
            try await stores.withAdmin("cqrs-init") { try await $0.installLibraries() }
        } catch let error as EventStoreError {
            throw CLIError(error.message)
        } catch let error as RedisClientError {
            throw CLIError(error.description)
        } catch let error as RedisServerError {
            throw CLIError(error.description)
        }
        let read = try stores.readConfiguration(clientName: "cqrs-init")
        print("init: event store at \(configuration.redactedURL) prefix '\(write.resolvedPrefix)' has \(count) partitions; Functions loaded there and on the read store \(read.redactedURL)")
    }
}
