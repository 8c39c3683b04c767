import CommandAPI
import EventSourcing
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ProductCatalog

/// The command API over an in-memory store, driven through Hummingbird's router
/// test mode (no sockets): fast tests of routing, decoding and status codes.
enum InMemoryAPI {
    static func with<T: Sendable>(
        store: any EventStoring = InMemoryEventStore(), readiness: ReadinessCheck = .alwaysReady, maxAttempts: Int = 32,
        logger: Logger = CapturedLogs.quiet, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> T
    ) async throws -> T {
        let router = buildCommandRouter(handler: CommandHandler(store: store, maxAttempts: maxAttempts), readiness: readiness, logger: logger)
        return try await Application(router: router).test(.router, body)
    }
}

/// A store whose every call fails with `error`, for the 5xx paths.
struct FailingStore: EventStoring {
    let error: any Error & Sendable
    /// Fail only appends; loads answer an existing product at version 1.
    var onlyAppends = false

    func load(aggregateType: String, aggregateId: String, commandId: UUID?) async throws -> StoredStream {
        guard onlyAppends else { throw error }
        let added = try Product.envelopes(
            for: [.productAdded(id: Int64(aggregateId)!, name: "P", description: "", unitPrice: try Price(parsing: "1"))],
            aggregateId: aggregateId, currentVersion: 0, metadata: CommandMetadata(commandId: UUID()), timestamp: Date())
        return StoredStream(version: 1, events: added)
    }

    func readEvents(aggregateType: String, aggregateId: String, from: Int64, to: Int64) async throws -> [EventEnvelope] { throw error }
    func append(_ events: [EventEnvelope], expected: ExpectedVersion) async throws -> AppendResult { throw error }
    func saveSnapshot(_ snapshot: Snapshot) async throws -> Bool { throw error }
}

extension InMemoryEventStore {
    /// The product's events, decoded.
    func events(of id: Int64) async throws -> [ProductEvent] {
        try await readEvents(aggregateType: "Product", aggregateId: String(id), from: 1, to: .max).map(Product.event(from:))
    }

    /// The product's state folded from its events.
    func state(of id: Int64) async throws -> ProductState {
        Product.fold(try await events(of: id))
    }
}
