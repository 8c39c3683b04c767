import CommandAPI
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("Bad input writes nothing to a real redis-server")
struct BadInputTests {
    /// A bad request and the status it must get.
    struct Bad {
        let method: HTTPRequest.Method
        let path: String
        let body: String
        let headers: [(String, String)]
        let status: Int

        init(_ method: HTTPRequest.Method, _ path: String, _ body: String, _ headers: [(String, String)], _ status: Int) {
            self.method = method
            self.path = path
            self.body = body
            self.headers = headers
            self.status = status
        }
    }

    @Test func everyBadRequestIsA4xxJSONErrorAndLeavesTheDatasetAsItWas() async throws {
        try await RedisAPIFixture.with { fixture in
            try await fixture.live(fixture.service()) { client in
                try await client.createProduct(1)
                try await client.send(.post, "/products/1/inventory", #"{"quantity":10}"#).expectAccepted(id: 1, version: 2)
                let before = try await fixture.dataset()
                let keysBefore = try await fixture.keys()

                let bad: [Bad] = [
                    Bad(.post, "/products/1/inventory", #"{"quantity":"#, [], 400),
                    Bad(.post, "/products/1/inventory", #"{"quantity":"10"}"#, [], 400),
                    Bad(.post, "/products/1/inventory", #"{"quantity":1e400}"#, [], 400),
                    Bad(.post, "/products/1/inventory", #"{"quantity":123456789012345678901234567890}"#, [], 400),
                    Bad(.post, "/products/1/inventory", #"{"quantity":0}"#, [], 422),
                    Bad(.post, "/products/1/inventory", #"{"quantity":-5}"#, [], 422),
                    Bad(.post, "/products/1/shipments", #"{"quantity":0}"#, [], 422),
                    Bad(.post, "/products/1/shipments", #"{"quantity":11}"#, [], 422),
                    Bad(.put, "/products/1/stock", #"{"quantity":-1}"#, [], 422),
                    Bad(.post, "/products/abc/inventory", #"{"quantity":1}"#, [], 400),
                    Bad(.post, "/products/1.5/inventory", #"{"quantity":1}"#, [], 400),
                    Bad(.post, "/products/-1/inventory", #"{"quantity":1}"#, [], 400),
                    Bad(.post, "/products/0/inventory", #"{"quantity":1}"#, [], 400),
                    Bad(.post, "/products", #"{"id":2,"name":"Tab\there","description":"","unitPrice":"1"}"#, [], 422),
                    Bad(.post, "/products", #"{"id":2,"name":"Bell\u0007","description":"","unitPrice":"1"}"#, [], 422),
                    Bad(.post, "/products", #"{"id":2,"name":"N","description":"esc\u001b","unitPrice":"1"}"#, [], 422),
                    Bad(.post, "/products", #"{"id":2,"name":"N","description":"","unitPrice":"1.999"}"#, [], 422),
                    Bad(.post, "/products", #"{"id":2.0,"name":"N","description":"","unitPrice":"1"}"#, [], 400),
                    Bad(.post, "/products", #"{"id":1,"name":"Again","description":"","unitPrice":"1"}"#, [], 409),
                    Bad(.post, "/products/1/inventory", #"{"quantity":1}"#, [("If-Match", "\"7\"")], 412),
                    Bad(.post, "/products/1/inventory", #"{"quantity":1}"#, [("If-Match", "seven")], 400),
                    Bad(.post, "/products/1/inventory", #"{"quantity":1}"#, [("Idempotency-Key", "123")], 400),
                    Bad(.post, "/products/1/inventory", #"{"quantity":1}"# + String(repeating: " ", count: 70_000), [], 413),
                    Bad(.post, "/products/2/inventory", #"{"quantity":1}"#, [], 404),
                ]
                for request in bad {
                    let reply = try await client.send(request.method, request.path, request.body, headers: request.headers)
                    reply.expectErrorShape(request.status)
                    #expect(try await fixture.dataset() == before, "\(request.method) \(request.path) \(request.body.prefix(80)) changed the dataset")
                }
                #expect(try await fixture.keys() == keysBefore)
            }
        }
    }
}
