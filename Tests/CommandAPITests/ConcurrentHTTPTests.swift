import CommandAPI
import EventSourcing
import Foundation
import HummingbirdTesting
import ProductCatalog
import Synchronization
import Testing

@Suite("Concurrent commands over HTTP against a real redis-server")
struct ConcurrentHTTPTests {
    /// Runs `body` with two live API servers (two processes' worth of gates) over one store.
    private func withTwoServers(
        _ fixture: RedisAPIFixture, _ body: @escaping @Sendable (_ ports: [Int], _ services: [CommandService]) async throws -> Void
    ) async throws {
        let services = [fixture.service(), fixture.service()]
        try await fixture.live(services[0]) { first in
            try await fixture.live(services[1]) { second in
                try await body([try #require(first.port), try #require(second.port)], services)
            }
        }
    }

    @Test func fiftyClientsAddingInventoryToOneProductSumExactly() async throws {
        try await RedisAPIFixture.with { fixture in
            try await withTwoServers(fixture) { ports, services in
                try await TestClient.withClient(host: "localhost", port: ports[0]) { client in
                    _ = try await client.send(.post, "/products", #"{"id":1,"name":"Bolt","description":"","unitPrice":"0.25"}"#)
                }
                let totals = try await RedisAPIFixture.clients(50, ports: ports) { index, client in
                    var total: Int64 = 0
                    for request in 0..<40 {
                        let quantity = Int64((index * 40 + request) % 7 + 1)
                        let reply = try await client.send(.post, "/products/1/inventory", #"{"quantity":\#(quantity)}"#)
                        reply.expectAccepted(id: 1)
                        if reply.status == 200 { total += quantity }
                    }
                    return total
                }.reduce(0, +)
                let events = try await fixture.events(of: 1)
                #expect(events.count == 1 + 50 * 40, "one event per command")
                #expect(events.map(\.version) == Array(1...Int64(events.count)))
                #expect(try await fixture.state(of: 1).stock == totals)
                let expected: Int64 = (0..<2000).map { Int64($0 % 7 + 1) }.reduce(0, +)
                #expect(totals == expected)
                // Requests really overlapped inside each server: some waited for the product's turn.
                #expect(services[0].gate.peakWaiting > 1 && services[1].gate.peakWaiting > 1,
                        "peak waiting: \(services.map(\.gate.peakWaiting))")
            }
        }
    }

    @Test func concurrentShipmentsNeverTakeTheStockBelowZero() async throws {
        try await RedisAPIFixture.with { fixture in
            try await withTwoServers(fixture) { ports, _ in
                try await TestClient.withClient(host: "localhost", port: ports[0]) { client in
                    _ = try await client.send(.post, "/products", #"{"id":2,"name":"Rare","description":"","unitPrice":"5"}"#)
                    _ = try await client.send(.post, "/products/2/inventory", #"{"quantity":100}"#)
                }
                let replies = try await RedisAPIFixture.clients(20, ports: ports) { _, client in
                    var replies: [HTTPReply] = []
                    for _ in 0..<3 { replies.append(try await client.send(.post, "/products/2/shipments", #"{"quantity":3}"#)) }
                    return replies
                }.flatMap { $0 }
                let shipped = replies.filter { $0.status == 200 }
                let refused = replies.filter { $0.status != 200 }
                #expect(shipped.count == 33, "100 items ship 33 times 3; the 34th would go below zero")
                for reply in refused { reply.expectErrorShape(422, field: "quantity") }
                #expect(try await fixture.state(of: 2).stock == 1)
                #expect(try await fixture.events(of: 2).count == 2 + 33)
            }
        }
    }

    @Test func aStaleIfMatchIs412AndWritesNothing() async throws {
        try await RedisAPIFixture.with { fixture in
            try await fixture.live(fixture.service()) { client in
                try await client.createProduct(3)
                try await client.send(.post, "/products/3/inventory", #"{"quantity":4}"#).expectAccepted(id: 3, version: 2)
                let before = try await fixture.dataset()
                let reply = try await client.send(.post, "/products/3/shipments", #"{"quantity":1}"#, headers: [("If-Match", "\"1\"")])
                reply.expectErrorShape(412, field: "If-Match")
                #expect(reply.body?["currentVersion"] == .integer(2))
                #expect(try await fixture.dataset() == before)
                try await client.send(.post, "/products/3/shipments", #"{"quantity":1}"#, headers: [("If-Match", "\"2\"")])
                    .expectAccepted(id: 3, version: 3)
            }
        }
    }
}
