import CommandAPI
import EventSourcing
import Foundation
import HummingbirdTesting
import ProductCatalog
import Testing

@Suite("Every error status, as JSON, over an in-memory store")
struct ErrorStatusTests {
    /// Creates product 1 with stock 5 (version 2), runs `body`, and checks it wrote nothing.
    private func withProduct(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let store = InMemoryEventStore()
        try await InMemoryAPI.with(store: store) { client in
            try await client.createProduct(1)
            try await client.send(.post, "/products/1/inventory", #"{"quantity":5}"#).expectAccepted(id: 1, version: 2)
            try await body(client)
        }
        #expect(store.allEvents.count == 2, "a rejected command writes nothing")
    }

    @Test func malformedBodiesAre400() async throws {
        try await withProduct { client in
            for body in ["", "   ", "{", #"{"quantity":1,}"#, "[1]", "42", "null", #"{"quantity":1}x"#, #"{"quantity":1,"quantity":2}"#] {
                try await client.send(.post, "/products/1/inventory", body).expectErrorShape(400)
            }
        }
    }

    @Test func wrongTypesUnknownAndMissingFieldsAre400NamingTheField() async throws {
        try await withProduct { client in
            let cases: [(String, String, String)] = [
                ("/products/1/inventory", #"{"quantity":"5"}"#, "quantity"),
                ("/products/1/inventory", #"{"quantity":null}"#, "quantity"),
                ("/products/1/inventory", #"{"quantity":true}"#, "quantity"),
                ("/products/1/inventory", #"{"quantity":1.5}"#, "quantity"),
                ("/products/1/inventory", #"{"quantity":1e2}"#, "quantity"),
                ("/products/1/inventory", #"{"quantity":99999999999999999999}"#, "quantity"),
                ("/products/1/inventory", #"{"quantity":1,"note":"x"}"#, "note"),
                ("/products/1/inventory", #"{"quantity":1,"productId":1}"#, "productId"),
                ("/products/1/inventory", "{}", "quantity"),
                ("/products/1/ratings", #"{"userId":"7","rating":4}"#, "userId"),
                ("/products/1/ratings", #"{"userId":7,"rating":[4]}"#, "rating"),
                ("/products", #"{"id":2,"name":5,"description":"","unitPrice":"1"}"#, "name"),
                ("/products", #"{"id":2,"name":"N","description":{},"unitPrice":"1"}"#, "description"),
                ("/products", #"{"id":2,"name":"N","description":"","unitPrice":true}"#, "unitPrice"),
                ("/products", #"{"id":"2","name":"N","description":"","unitPrice":"1"}"#, "id"),
                ("/products", #"{"name":"N","description":"","unitPrice":"1"}"#, "id"),
            ]
            for (path, body, field) in cases {
                try await client.send(.post, path, body).expectErrorShape(400, field: field)
            }
            try await client.send(.put, "/products/1/stock", #"{"quantity":-1.0}"#).expectErrorShape(400, field: "quantity")
        }
    }

    @Test func badPathIdsAre400() async throws {
        try await withProduct { client in
            for id in ["0", "-1", "abc", "007", "1.0", "99999999999999999999", "9223372036854775808", "%31"] {
                try await client.send(.post, "/products/\(id)/inventory", #"{"quantity":1}"#).expectErrorShape(400, field: "id")
            }
        }
    }

    @Test func badHeadersAre400() async throws {
        try await withProduct { client in
            let body = #"{"quantity":1}"#
            for key in ["not-a-uuid", "", "7d444840-9dc0-11d1-b245-5ffdce74fad"] {
                try await client.send(.post, "/products/1/inventory", body, headers: [("Idempotency-Key", key)])
                    .expectErrorShape(400, field: "Idempotency-Key")
            }
            try await client.send(
                .post, "/products/1/inventory", body,
                headers: [("Idempotency-Key", UUID().uuidString), ("Idempotency-Key", UUID().uuidString)]
            ).expectErrorShape(400, field: "Idempotency-Key")
            for tag in ["W/\"2\"", "*", "\"abc\"", "-1", "\"2\", \"3\"", "\"\"", "99999999999999999999", "any"] {
                try await client.send(.post, "/products/1/inventory", body, headers: [("If-Match", tag)])
                    .expectErrorShape(400, field: "If-Match")
            }
        }
    }

    @Test func unknownProductIs404AndExistingIs409() async throws {
        try await withProduct { client in
            try await client.send(.post, "/products/2/inventory", #"{"quantity":1}"#).expectErrorShape(404)
            try await client.send(.post, "/products/2/ratings", #"{"userId":1,"rating":5}"#).expectErrorShape(404)
            try await client.send(.post, "/products/2/shipments", #"{"quantity":1}"#).expectErrorShape(404)
            try await client.send(.put, "/products/2/stock", #"{"quantity":1}"#).expectErrorShape(404)
            try await client.send(.post, "/products", #"{"id":1,"name":"Again","description":"","unitPrice":"1"}"#).expectErrorShape(409)
        }
    }

    @Test func staleIfMatchIs412WithTheCurrentVersion() async throws {
        try await withProduct { client in
            let reply = try await client.send(.post, "/products/1/inventory", #"{"quantity":1}"#, headers: [("If-Match", "\"1\"")])
            reply.expectErrorShape(412, field: "If-Match")
            #expect(reply.body?["currentVersion"] == .integer(2))
            try await client.send(.post, "/products", #"{"id":1,"name":"N","description":"","unitPrice":"1"}"#, headers: [("If-Match", "0")])
                .expectErrorShape(412)
        }
    }

    @Test func bodiesOver64KiBAre413() async throws {
        try await withProduct { client in
            let padding = String(repeating: " ", count: 64 * 1024)
            try await client.send(.post, "/products/1/inventory", #"{"quantity":1}"# + padding).expectErrorShape(413)
            let exactly = #"{"quantity":1}"# + String(repeating: " ", count: 64 * 1024 - 14)
            #expect(exactly.utf8.count == 64 * 1024)
            // Exactly 64 KiB is accepted; run it against an unknown product so nothing is written.
            try await client.send(.post, "/products/2/inventory", exactly).expectErrorShape(404)
        }
    }

    @Test func brokenRulesAre422NamingTheField() async throws {
        try await withProduct { client in
            let cases: [(String, String, String)] = [
                ("/products/1/inventory", #"{"quantity":0}"#, "quantity"),
                ("/products/1/inventory", #"{"quantity":-3}"#, "quantity"),
                ("/products/1/inventory", #"{"quantity":1000001}"#, "quantity"),
                ("/products/1/shipments", #"{"quantity":6}"#, "quantity"),
                ("/products/1/shipments", #"{"quantity":0}"#, "quantity"),
                ("/products/1/ratings", #"{"userId":1,"rating":6}"#, "rating"),
                ("/products/1/ratings", #"{"userId":0,"rating":5}"#, "userId"),
                ("/products", #"{"id":0,"name":"N","description":"","unitPrice":"1"}"#, "id"),
                ("/products", #"{"id":2,"name":"Bad\u0007name","description":"","unitPrice":"1"}"#, "name"),
                ("/products", #"{"id":2,"name":"   ","description":"","unitPrice":"1"}"#, "name"),
                ("/products", #"{"id":2,"name":"N","description":"a\u0000b","unitPrice":"1"}"#, "description"),
                ("/products", #"{"id":2,"name":"N","description":"","unitPrice":"19.999"}"#, "unitPrice"),
                ("/products", #"{"id":2,"name":"N","description":"","unitPrice":1e3}"#, "unitPrice"),
                ("/products", #"{"id":2,"name":"N","description":"","unitPrice":-1}"#, "unitPrice"),
                ("/products", #"{"id":2,"name":"N","description":"","unitPrice":"0"}"#, "unitPrice"),
                ("/products", #"{"id":2,"name":"N","description":"","unitPrice":"1000000.01"}"#, "unitPrice"),
            ]
            for (path, body, field) in cases {
                try await client.send(.post, path, body).expectErrorShape(422, field: field)
            }
            try await client.send(.put, "/products/1/stock", #"{"quantity":-1}"#).expectErrorShape(422, field: "quantity")
        }
    }

    @Test func anIdempotencyKeyReusedOnAnotherProductIs422() async throws {
        let store = InMemoryEventStore()
        try await InMemoryAPI.with(store: store) { client in
            try await client.createProduct(1)
            try await client.createProduct(2)
            let key = [("Idempotency-Key", UUID().uuidString)]
            try await client.send(.post, "/products/1/inventory", #"{"quantity":1}"#, headers: key).expectAccepted(id: 1, version: 2)
            try await client.send(.post, "/products/2/inventory", #"{"quantity":1}"#, headers: key).expectErrorShape(422, field: "Idempotency-Key")
        }
        #expect(try await store.state(of: 2).stock == 0)
    }

    @Test func anUnreachableStoreIs503SayingWhetherTheCommandMayHaveBeenApplied() async throws {
        let notSent = EventStoreError(.unavailable, "connection refused")
        try await InMemoryAPI.with(store: FailingStore(error: notSent)) { client in
            let reply = try await client.send(.post, "/products/1/inventory", #"{"quantity":1}"#)
            reply.expectErrorShape(503)
            #expect(reply["Retry-After"] == "1")
            #expect(reply.error?.contains("was not applied") == true, "\(reply.text)")
        }
        let unknown = EventStoreError(.unavailable, "timeout", outcomeUnknown: true)
        try await InMemoryAPI.with(store: FailingStore(error: unknown, onlyAppends: true)) { client in
            let key = UUID().uuidString.lowercased()
            let reply = try await client.send(.post, "/products/1/inventory", #"{"quantity":1}"#, headers: [("Idempotency-Key", key)])
            reply.expectErrorShape(503)
            #expect(reply.error?.contains("may or may not have been applied") == true, "\(reply.text)")
            #expect(reply.error?.contains(key) == true, "names the key to retry with")
        }
    }

    @Test func aPersistentConflictIs503AndCorruptDataIs500() async throws {
        let conflict = EventStoreError.conflict(aggregate: "Product:1", current: 7, expected: .exact(1))
        try await InMemoryAPI.with(store: FailingStore(error: conflict, onlyAppends: true), maxAttempts: 3) { client in
            let reply = try await client.send(.post, "/products/1/inventory", #"{"quantity":1}"#)
            reply.expectErrorShape(503)
            #expect(reply.error?.contains("too many concurrent changes") == true, "\(reply.text)")
        }
        try await InMemoryAPI.with(store: FailingStore(error: EventStoreError(.corrupt, "index points at a missing entry"))) { client in
            try await client.send(.post, "/products/1/inventory", #"{"quantity":1}"#).expectErrorShape(500)
        }
    }
}
