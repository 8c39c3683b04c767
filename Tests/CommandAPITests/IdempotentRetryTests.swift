import CommandAPI
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("Idempotent retries over HTTP against a real redis-server")
struct IdempotentRetryTests {
    /// One request of the mix: what is sent, and with which key.
    struct Sent: Sendable {
        let method: HTTPRequest.Method
        let path: String
        let body: String
        let key: String
    }

    /// Products 1-4 with every kind of command, some of them refused (over-shipment, unknown product).
    static let requests: [Sent] = {
        var requests: [Sent] = []
        func add(_ method: HTTPRequest.Method, _ path: String, _ body: String) {
            requests.append(Sent(method: method, path: path, body: body, key: UUID().uuidString))
        }
        for id in 1...4 {
            add(.post, "/products", #"{"id":\#(id),"name":"P\#(id)","description":"d","unitPrice":\#(id).5}"#)
            add(.post, "/products/\(id)/inventory", #"{"quantity":\#(id * 10)}"#)
            add(.post, "/products/\(id)/ratings", #"{"userId":\#(id),"rating":\#(id)}"#)
            add(.post, "/products/\(id)/shipments", #"{"quantity":3}"#)
            add(.put, "/products/\(id)/stock", #"{"quantity":\#(id * 7)}"#)
            add(.post, "/products/\(id)/shipments", #"{"quantity":1000}"#)  // 422
        }
        add(.post, "/products/99/inventory", #"{"quantity":1}"#)  // 404
        return requests
    }()

    @Test func resendingEveryRequestWithItsKeyAnswersTheSameAndWritesNothing() async throws {
        try await RedisAPIFixture.with { fixture in
            try await fixture.live(fixture.service()) { client in
                var first: [HTTPReply] = []
                for request in Self.requests {
                    first.append(try await client.send(request.method, request.path, request.body, headers: [("Idempotency-Key", request.key)]))
                }
                #expect(first.filter { (200..<300).contains($0.status) }.count == 4 * 5)
                #expect(first.filter { $0.status == 422 }.count == 4)
                #expect(first.last?.status == 404)
                let before = try await fixture.dataset()
                let eventsBefore = try await (1...4).asyncMap { try await fixture.events(of: Int64($0)).count }

                // Every request again, concurrently, twice over, on their own connections.
                let port = try #require(client.port)
                let again = try await RedisAPIFixture.clients(2, ports: [port]) { _, connection in
                    var replies: [HTTPReply] = []
                    for request in Self.requests {
                        replies.append(try await connection.send(request.method, request.path, request.body, headers: [("Idempotency-Key", request.key)]))
                    }
                    return replies
                }
                for replies in again {
                    #expect(replies.map(\.status) == first.map(\.status))
                    #expect(replies.map(\.body) == first.map(\.body))
                    #expect(replies.map { $0["Location"] } == first.map { $0["Location"] })
                }
                #expect(try await fixture.dataset() == before, "no key and no value changed")
                #expect(try await (1...4).asyncMap { try await fixture.events(of: Int64($0)).count } == eventsBefore)
            }
        }
    }
}

extension Sequence where Element: Sendable {
    /// `map` with an async transform, in order, one at a time.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
