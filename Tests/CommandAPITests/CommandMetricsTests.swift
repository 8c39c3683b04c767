import CommandAPI
import EventSourcing
import EventStore
import Foundation
import MetricsEndpoint
import ProductCatalog
import Synchronization
import Testing

@Suite("Command metrics at /metrics, against a real redis-server")
struct CommandMetricsTests {
    /// A sample of `text` labelled with `command` (and `outcome`).
    static func sample(_ text: String, _ name: String, _ command: String, _ outcome: String? = nil) -> Double? {
        MetricsSample.value(name, [("command", command)] + (outcome.map { [("outcome", $0)] } ?? []), in: text)
    }

    @Test func outcomesDurationsConflictsAndAppendedEventsPerCommand() async throws {
        try await RedisAPIFixture.with { fixture in
            try await fixture.live(fixture.service()) { client in
                let first = try await client.send(.get, "/metrics")
                #expect(first.status == 200)
                #expect(first["Content-Type"]?.hasPrefix("text/plain") == true)
                for kind in CommandKind.allCases {
                    for name in ["cqrs_command_conflicts_total", "cqrs_command_retries_total", "cqrs_events_appended_total"] {
                        #expect(Self.sample(first.text, name, kind.rawValue) == 0, "\(name) of \(kind) exists at 0")
                    }
                }

                try await client.createProduct(1)
                let key = [("Idempotency-Key", UUID().uuidString)]
                try await client.send(.post, "/products/1/inventory", #"{"quantity":3}"#, headers: key).expectAccepted(id: 1, version: 2)
                try await client.send(.post, "/products/1/inventory", #"{"quantity":3}"#, headers: key).expectAccepted(id: 1, version: 2)
                try await client.send(.post, "/products/1/shipments", #"{"quantity":5}"#).expectErrorShape(422)
                try await client.send(.post, "/products/1/ratings", #"{"userId":1,"rating":"x"}"#).expectErrorShape(400)
                try await client.send(.post, "/products/1/inventory", #"{"quantity":1}"#, headers: [("If-Match", "1")]).expectErrorShape(412)

                let text = try await client.send(.get, "/metrics").text
                let count = "cqrs_command_duration_seconds_count"
                #expect(Self.sample(text, count, "AddNewProduct", "accepted") == 1, "\(text)")
                #expect(Self.sample(text, count, "AddToInventory", "accepted") == 1)
                #expect(Self.sample(text, count, "AddToInventory", "duplicate") == 1)
                #expect(Self.sample(text, count, "AddToInventory", "conflict") == 1, "a stale If-Match")
                #expect(Self.sample(text, count, "ConfirmItemsShipped", "rejected") == 1, "insufficient stock")
                #expect(Self.sample(text, count, "RateProduct", "rejected") == 1, "an unreadable body")
                #expect(Self.sample(text, count, "UpdateStockFromInventoryRecount", "accepted") == nil, "nothing yet")
                #expect(Self.sample(text, "cqrs_events_appended_total", "AddNewProduct") == 1)
                #expect(Self.sample(text, "cqrs_events_appended_total", "AddToInventory") == 1, "the duplicate appended nothing")
                #expect(Self.sample(text, "cqrs_command_conflicts_total", "AddToInventory") == 1)
                #expect(Self.sample(text, "cqrs_command_retries_total", "AddToInventory") == 0, "an If-Match conflict is not retried")
                let series = #"cqrs_command_duration_seconds_bucket{command="AddNewProduct",outcome="accepted",le="#
                #expect(text.contains(series + #""0.0005"}"#) && text.contains(series + #""5.0"}"#), "buckets from 0.5 ms to 5 s")
            }
        }
    }

    @Test func aConcurrentWriterForcesAConflictAndARetry() async throws {
        try await RedisAPIFixture.with { fixture in
            _ = try await CommandHandler<Product>(store: fixture.store).handle(
                .addNewProduct(id: 7, name: "Lamp", description: "", unitPrice: try Price(parsing: "1")), metadata: CommandMetadata(commandId: UUID()))
            // Another writer (a handler of its own, as another process has) appends to the
            // product between this handler's load and its first append.
            let store = RacingStore(store: fixture.store) {
                _ = try await CommandHandler<Product>(store: fixture.store).handle(
                    .addToInventory(productId: 7, quantity: 1), metadata: CommandMetadata(commandId: UUID()))
            }
            let service = CommandService(handler: CommandHandler(store: store), logger: CapturedLogs.quiet)
            try await fixture.live(service) { client in
                try await client.send(.post, "/products/7/inventory", #"{"quantity":2}"#).expectAccepted(id: 7, version: 3)
                let text = try await client.send(.get, "/metrics").text
                #expect(Self.sample(text, "cqrs_command_conflicts_total", "AddToInventory") == 1, "\(text)")
                #expect(Self.sample(text, "cqrs_command_retries_total", "AddToInventory") == 1)
                #expect(Self.sample(text, "cqrs_command_duration_seconds_count", "AddToInventory", "accepted") == 1)
                #expect(Self.sample(text, "cqrs_events_appended_total", "AddToInventory") == 1, "only this service's event")
            }
            #expect(try await fixture.state(of: 7).stock == 3)
        }
    }
}

/// The real store, where `competitor` runs just before the first append goes through.
final class RacingStore: EventStoring {
    let store: RedisEventStore
    let competitor: @Sendable () async throws -> Void
    private let raced = Atomic<Bool>(false)

    init(store: RedisEventStore, competitor: @escaping @Sendable () async throws -> Void) {
        self.store = store
        self.competitor = competitor
    }

    func load(aggregateType: String, aggregateId: String, commandId: UUID?, after: Int64?) async throws -> StoredStream {
        try await store.load(aggregateType: aggregateType, aggregateId: aggregateId, commandId: commandId, after: after)
    }

    func readEvents(aggregateType: String, aggregateId: String, from: Int64, to: Int64) async throws -> [EventEnvelope] {
        try await store.readEvents(aggregateType: aggregateType, aggregateId: aggregateId, from: from, to: to)
    }

    func append(_ events: [EventEnvelope], expected: ExpectedVersion) async throws -> AppendResult {
        if !raced.exchange(true, ordering: .relaxed) { try await competitor() }
        return try await store.append(events, expected: expected)
    }

    func saveSnapshot(_ snapshot: Snapshot) async throws -> Bool {
        try await store.saveSnapshot(snapshot)
    }
}
