import CommandAPI
import EventSourcing
import Foundation
import ProductCatalog
import Testing

@Suite("Command routes over an in-memory store")
struct RouteTests {
    @Test func everyRouteAppliesItsCommandAndAnswersIdAndVersion() async throws {
        let store = InMemoryEventStore()
        try await InMemoryAPI.with(store: store) { client in
            let created = try await client.send(
                .post, "/products", #"{"id":42,"name":"Lamp","description":"A lamp\nwith a shade","unitPrice":"19.99"}"#)
            created.expectAccepted(201, id: 42, version: 1)
            #expect(created["Location"] == "/products/42")
            try await client.send(.post, "/products/42/ratings", #"{"userId":7,"rating":4}"#).expectAccepted(id: 42, version: 2)
            try await client.send(.post, "/products/42/inventory", #"{"quantity":10}"#).expectAccepted(id: 42, version: 3)
            try await client.send(.post, "/products/42/shipments", #"{"quantity":3}"#).expectAccepted(id: 42, version: 4)
            try await client.send(.put, "/products/42/stock", #"{"quantity":5}"#).expectAccepted(id: 42, version: 5)
        }
        let state = try await store.state(of: 42)
        #expect(state.name == "Lamp" && state.description == "A lamp\nwith a shade")
        #expect(state.unitPrice.description == "19.99")
        #expect(state.ratings == [7: 4])
        #expect(state.stock == 5)
    }

    @Test func aDuplicateAnswersTheSameStatusAndBodyAndWritesNothing() async throws {
        let store = InMemoryEventStore()
        try await InMemoryAPI.with(store: store) { client in
            let key = [("Idempotency-Key", UUID().uuidString)]
            let first = try await client.createProduct(1, headers: key)
            let again = try await client.createProduct(1, headers: key)
            #expect(again.status == 201 && again.body == first.body && again["Location"] == "/products/1")

            let stockKey = [("Idempotency-Key", UUID().uuidString.lowercased())]
            let added = try await client.send(.post, "/products/1/inventory", #"{"quantity":5}"#, headers: stockKey)
            try await client.send(.post, "/products/1/inventory", #"{"quantity":1}"#)  // someone else, in between
            let retried = try await client.send(.post, "/products/1/inventory", #"{"quantity":5}"#, headers: stockKey)
            #expect(retried.status == 200 && retried.body == added.body, "the first outcome, version 2, again")
        }
        #expect(try await store.events(of: 1).count == 3)
        #expect(try await store.state(of: 1).stock == 6)
    }

    @Test func ifMatchIsTheExpectedVersionQuotedOrBare() async throws {
        try await InMemoryAPI.with { client in
            try await client.createProduct(5)
            try await client.send(.post, "/products/5/inventory", #"{"quantity":1}"#, headers: [("If-Match", "\"1\"")])
                .expectAccepted(id: 5, version: 2)
            try await client.send(.post, "/products/5/inventory", #"{"quantity":1}"#, headers: [("If-Match", "2")])
                .expectAccepted(id: 5, version: 3)
            try await client.send(.post, "/products", #"{"id":6,"name":"N","description":"","unitPrice":1}"#, headers: [("If-Match", "\"0\"")])
                .expectAccepted(201, id: 6, version: 1)
        }
    }

    @Test func unitPriceKeepsItsExactDecimalsAsNumberOrString() async throws {
        let store = InMemoryEventStore()
        try await InMemoryAPI.with(store: store) { client in
            try await client.createProduct(1, price: "19.99")
            try await client.createProduct(2, price: "\"19.99\"")
            try await client.createProduct(3, price: "0.1")
            try await client.createProduct(4, price: "999999.99")
        }
        for id: Int64 in [1, 2] {
            #expect(try await store.state(of: id).unitPrice.description == "19.99")
            let payload = try #require(try await store.readEvents(aggregateType: "Product", aggregateId: String(id), from: 1, to: 1).first).payload
            #expect(String(decoding: payload, as: UTF8.self).contains(#""19.99""#), "stored as the exact text")
        }
        #expect(try await store.state(of: 3).unitPrice.cents == 10)
        #expect(try await store.state(of: 4).unitPrice.cents == 99_999_999)
    }
}
