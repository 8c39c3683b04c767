import EventSourcing
import ProductCatalog
import ProjectorRuntime
import RedisClient

/// The product catalogue's read models (the seed's ProductsDao): product display and
/// inventory, find by name, out of stock, related products, top rated.
///
/// Each event is one `FCALL cqrs_rm_apply` on the read store, which updates the model and
/// the product's applied version together, behind the version guard.
public struct ProductProjection: Projection {
    public var name: String { "products" }
    public let layout: ReadStoreLayout
    /// K: how many of each user's most recent ratings are paired for related products.
    /// Changing it needs a rebuild (verify assumes one K for the whole generation).
    public let relatedRatingsPerUser: Int
    /// Brings stored payloads of older schemas to the current one before decoding; a
    /// release that fixes a poison event typically ships a more tolerant upcaster here.
    public let upcasters: UpcasterChain<ProductEvent>

    public init(layout: ReadStoreLayout = ReadStoreLayout(), relatedRatingsPerUser: Int = 50, upcasters: UpcasterChain<ProductEvent> = ProductEvent.upcasterChain) {
        precondition(relatedRatingsPerUser >= 1, "relatedRatingsPerUser must be at least 1")
        self.layout = layout
        self.relatedRatingsPerUser = relatedRatingsPerUser
        self.upcasters = upcasters
    }

    public var library: RedisFunctionLibrary { ProductReadModelLibrary.library }

    public func handles(_ envelope: EventEnvelope) -> Bool {
        envelope.aggregateType == Product.aggregateType
    }

    /// The event decoded, checked against its envelope.
    func decode(_ envelope: EventEnvelope) throws -> ProductEvent {
        let event = try upcasters.decode(envelope)
        guard String(event.productId) == envelope.aggregateId else {
            throw ProjectorError(.applyFailed, "\(envelope.eventType) of Product:\(envelope.aggregateId) names product \(event.productId) in its payload")
        }
        return event
    }

    public func applyCommand(for envelope: EventEnvelope, in generation: ReadModelGeneration) throws -> RedisCommand {
        var arguments: [RedisArgument]
        switch try decode(envelope) {
        case .productAdded(_, let name, let description, let unitPrice):
            arguments = ["added", .string(name), .string(ProductNameFolding.fold(name)), .string(description), .string(unitPrice.description)]
        case .productRated(_, let userId, let rating, _):
            arguments = ["rated", .integer(userId), .integer(Int64(rating)), .integer(envelope.timestampMilliseconds), .integer(Int64(relatedRatingsPerUser))]
        case .inventoryAdded(_, _, let newStock), .itemsShipped(_, _, let newStock), .stockRecounted(_, _, let newStock):
            arguments = ["stock", .integer(newStock)]
        }
        return call(productId: envelope.aggregateId, version: envelope.version, generation: generation, arguments)
    }

    public func skipCommand(aggregateType: String, aggregateId: String, version: Int64, in generation: ReadModelGeneration) -> RedisCommand {
        call(productId: aggregateId, version: version, generation: generation, ["skip"])
    }

    private func call(productId: String, version: Int64, generation: ReadModelGeneration, _ arguments: [RedisArgument]) -> RedisCommand {
        .fcall(
            "cqrs_rm_apply", keys: [ProductReadModelKeys(layout: layout, generation: generation).product(productId)],
            arguments: [.string(layout.root), .string(generation.name), .integer(version)] + arguments
        )
    }

    public func expectedModel(from events: [EventEnvelope], in generation: ReadModelGeneration) -> ExpectedReadModel {
        var builder = ProductModelBuilder(keys: ProductReadModelKeys(layout: layout, generation: generation), relatedRatingsPerUser: relatedRatingsPerUser)
        var undecodable: [UndecodableEvent] = []
        var blocked: Set<String> = []
        for envelope in events where !blocked.contains(envelope.aggregateId) {
            do {
                builder.apply(try decode(envelope), envelope: envelope)
            } catch {
                // The projector parks it and every later event of the product behind it.
                blocked.insert(envelope.aggregateId)
                undecodable.append(UndecodableEvent(position: envelope.position, aggregate: "Product:\(envelope.aggregateId)", version: envelope.version, error: "\(error)"))
            }
        }
        return ExpectedReadModel(keys: builder.model(), undecodable: undecodable)
    }
}
