import EventSourcing
import EventStore
import ProductCatalog
import RedisClient

extension WriteStoreOptions {
    /// A client of the initialised write store and the product command handler over it.
    /// Closes the client again if the store cannot be opened.
    func openCommandHandler(clientName: String, snapshotEvery: Int) async throws -> (RedisClient, CommandHandler<Product>) {
        let client = RedisClient(try writeConfiguration(clientName: clientName))
        do {
            let store = try await RedisEventStore.open(redis: client, prefix: resolvedPrefix)
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
