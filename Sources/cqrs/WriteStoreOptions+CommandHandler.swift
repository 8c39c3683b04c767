import EventSourcing
import EventStore
import ProductCatalog
import RedisClient

extension WriteStoreOptions {
    /// A client of the initialised write store and the product command handler over it.
    /// Closes the client again if the store cannot be opened; checks the options first.
    func openCommandHandler(clientName: String, options: CommandHandlerOptions) async throws -> (RedisClient, CommandHandler<Product>) {
        let snapshotEvery = try options.resolvedSnapshotEvery()
        let commandTTL = try options.resolvedIdempotencyTTL()
        let client = RedisClient(try writeConfiguration(clientName: clientName))
        do {
            let store = try await RedisEventStore.open(redis: client, prefix: resolvedPrefix, commandTTL: commandTTL)
            return (client, CommandHandler(store: store, snapshotEvery: snapshotEvery))
        } catch let error as EventStoreError {
            client.close()
            throw CLIError(error.message)
        } catch {
            client.close()
            throw error
        }
    }
}
