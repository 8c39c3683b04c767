import CommandAPI
import EventSourcing
import Foundation
import HTTPTypes
import Testing

@Suite("Health, readiness, the OpenAPI document, unknown routes and methods")
struct OperationalRouteTests {
    struct Down: Error, CustomStringConvertible {
        var description: String { "connection refused" }
    }

    @Test func healthIsConstantAndReadyReflectsTheStore() async throws {
        try await InMemoryAPI.with(readiness: ReadinessCheck { throw Down() }) { client in
            let health = try await client.send(.get, "/health")
            #expect(health.status == 200 && health.body == ["status": "ok"])
            let ready = try await client.send(.get, "/ready")
            ready.expectErrorShape(503)
            #expect(ready.error?.contains("connection refused") == true)
        }
        try await InMemoryAPI.with { client in
            let ready = try await client.send(.get, "/ready")
            #expect(ready.status == 200 && ready.body == ["status": "ready"])
        }
    }

    @Test func theOpenAPIDocumentIsServedAndNamesEveryRouteAndStatus() async throws {
        try await InMemoryAPI.with { client in
            let reply = try await client.send(.get, "/openapi.yaml")
            #expect(reply.status == 200)
            #expect(reply["Content-Type"] == "application/yaml")
            #expect(reply.text.hasPrefix("openapi: 3."))
            for path in ["/products:", "/products/{id}/ratings:", "/products/{id}/inventory:", "/products/{id}/shipments:",
                         "/products/{id}/stock:", "/health:", "/ready:", "/openapi.yaml:", "Idempotency-Key", "If-Match", "Retry-After", "Location"] {
                #expect(reply.text.contains(path), "\(path) is documented")
            }
            for status in ["'200'", "'201'", "'400'", "'404'", "'409'", "'412'", "'413'", "'422'", "'500'", "'503'"] {
                #expect(reply.text.contains(status), "\(status) is documented")
            }
        }
    }

    @Test func unknownPathsAre404AndOtherMethodsAre405WithAllow() async throws {
        try await InMemoryAPI.with { client in
            try await client.send(.get, "/nothing-here").expectErrorShape(404)
            try await client.send(.post, "/products/1/unknown", "{}").expectErrorShape(404)
            let get = try await client.send(.get, "/products")
            get.expectErrorShape(405)
            #expect(get["Allow"] == "POST")
            let delete = try await client.send(.delete, "/products/1/stock")
            delete.expectErrorShape(405)
            #expect(delete["Allow"] == "PUT")
            let post = try await client.send(.post, "/health", "{}")
            post.expectErrorShape(405)
            #expect(post["Allow"] == "GET, HEAD")
            #expect(try await client.send(.head, "/health").status == 200)
            let query = try await client.send(HTTPRequest.Method("QUERY")!, "/ready")
            query.expectErrorShape(405)
            #expect(query["Allow"] == "GET, HEAD")
            try await client.send(.post, "/products//inventory", "{}").expectErrorShape(404)
        }
    }

    @Test func everyFailedCommandLogsOneLineWithoutTheBody() async throws {
        let logs = CapturedLogs()
        try await InMemoryAPI.with(logger: logs.logger) { client in
            try await client.createProduct(1)
            try await client.send(.post, "/products/1/inventory", #"{"quantity":"secret-value"}"#).expectErrorShape(400)
            try await client.send(.post, "/products/2/inventory", #"{"quantity":1}"#).expectErrorShape(404)
            try await client.send(.post, "/products/1/shipments", #"{"quantity":1}"#).expectErrorShape(422)
            try await client.send(.post, "/products/1/inventory", #"{"quantity":1}"#).expectAccepted(id: 1, version: 2)
            try await client.send(.post, "/products/1/inventory", String(repeating: " ", count: 70_000)).expectErrorShape(413)
        }
        let lines = logs.all
        #expect(lines.map { $0.metadata["status"]?.description } == ["400", "404", "422", "413"])
        #expect(lines.allSatisfy { $0.level == .notice && $0.message.hasPrefix("command failed") })
        #expect(!lines.contains { "\($0.message) \($0.metadata)".contains("secret-value") })
    }
}
