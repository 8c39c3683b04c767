import ArgumentParser
import EventSourcing
import EventStore
import ProductCatalog
import RedisClient

/// Where the write store is: shared by the command-side subcommands.
struct WriteStoreOptions: ParsableArguments {
    @Option(help: "The write store, redis://[user[:password]@]host[:port][/db].")
    var redis = "redis://127.0.0.1:6390"

    @Option(help: "The key prefix of the event store and the command queue.")
    var prefix = "cqrs"

    @Option(help: "Write a snapshot each time a product's version crosses a multiple of this (0: never).")
    var snapshotEvery = 100

    /// A client of the write store and the command service over it.
    func open() async throws -> (RedisClient, CommandHandler<Product>) {
        var configuration = try RedisConfiguration(url: redis)
        configuration.clientName = configuration.clientName ?? "cqrs-command-side"
        let client = RedisClient(configuration)
        do {
            let store = try await RedisEventStore.open(redis: client, prefix: prefix)
            return (client, CommandHandler(store: store, snapshotEvery: snapshotEvery))
        } catch {
            client.close()
            throw error
        }
    }
}
