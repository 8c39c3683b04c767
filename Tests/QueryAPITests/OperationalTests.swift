import Foundation
import Hummingbird
import HummingbirdTesting
import LocalRedis
import ProductCatalog
import ProductReadModel
import QueryAPI
import RedisClient
import Testing

@Suite("Health, readiness, OpenAPI, and Redis down")
struct OperationalTests {
    @Test func healthReadyAndTheDocument() async throws {
        try await QuerySide.with { side in
            try await side.api { client in
                #expect(try await client.get("/health").text == #"{"status":"ok"}"#)
                try await client.get("/ready").expectError(503)
                try await client.get("/products/1").expectError(503)
                try await client.get("/products").expectError(503)
            }
            try await side.addLamp()
            try await side.project()
            try await side.api { client in
                #expect(try await client.get("/ready").status == 200)
                let document = try await client.get("/openapi.yaml")
                #expect(document.status == 200 && document.text.hasPrefix("openapi: 3"))
                #expect(document["Content-Type"] == "application/yaml")
                for path in ["/products/{id}:", "/products:", "/products/out-of-stock:", "/products/top-rated:", "/products/{id}/related:", "/products/{id}/inventory:"] {
                    #expect(document.text.contains("  \(path)\n"), "\(path)")
                }
                let post = try await client.executeRequest(uri: "/products/1", method: .post, headers: [:], body: nil)
                #expect(post.head.status.code == 405)
                #expect(post.head.headerFields[.allow] == "GET, HEAD")
            }
        }
    }

    @Test func everyRouteAnswers503QuicklyWhenRedisIsDown() async throws {
        try await Self.expect503Everywhere(port: try await Self.closedPort())
    }

    @Test func everyRouteAnswers503WithinTheTimeoutWhenRedisHangs() async throws {
        let server = try await RedisServer.start(RedisServerOptions(label: "hung"))
        server.pause()
        do {
            try await Self.expect503Everywhere(port: server.port)
        } catch {
            server.resume()
            await server.stop()
            throw error
        }
        server.resume()
        await server.stop()
    }

    static func expect503Everywhere(port: Int) async throws {
        var configuration = RedisConfiguration(host: "127.0.0.1", port: port)
        configuration.commandTimeout = .milliseconds(300)
        configuration.connectTimeout = .milliseconds(300)
        let redis = RedisClient(configuration)
        defer { redis.close() }
        let router = buildQueryRouter(queries: ProductQueries(redis: redis), minVersionTimeout: .seconds(5), logger: QuerySide.logger)
        try await Application(router: router).test(.router) { client in
            #expect(try await client.get("/health").status == 200)
            for uri in ["/ready", "/products/1", "/products/1?minVersion=3", "/products?name=a", "/products/out-of-stock", "/products/top-rated", "/products/1/related", "/products/1/inventory"] {
                let started = ContinuousClock.now
                let reply = try await client.get(uri)
                reply.expectError(503)
                #expect(ContinuousClock.now - started < .seconds(2), "\(uri)")
            }
        }
    }

    /// A port nobody listens on: a server's, after it stopped.
    static func closedPort() async throws -> Int {
        let server = try await RedisServer.start()
        let port = server.port
        await server.stop()
        return port
    }
}
