import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LocalRedis
import ProductCatalog
import RedisClient
import Testing

/// The real `cqrs query-api` executable, started with `--replica-url`, queried over HTTP.
@Suite("cqrs query-api process")
struct QueryAPIProcessTests {
    private func get(_ url: String, headers: [String: String] = [:]) async throws -> (status: Int, json: [String: Any], headers: [AnyHashable: Any]) {
        var request = URLRequest(url: URL(string: url)!)
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return (http.statusCode, (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:], http.allHeaderFields)
    }

    @Test func servesOverHTTPReadingFromAReplica() async throws {
        try await QuerySide.with { side in
            try await side.handle(.addNewProduct(id: 1, name: "Red Chair", description: "", unitPrice: try Price(parsing: "5")))
            try await side.handle(.addNewProduct(id: 2, name: "Red Lamp", description: "", unitPrice: try Price(parsing: "6")))
            try await side.handle(.addToInventory(productId: 1, quantity: 3))
            try await side.project()
            try await side.readServer.withReplica { replica in
                let port = try #require(freeLoopbackPort())
                let log = replica.directory + "/query-api.log"
                let process = try ChildProcess.spawn(
                    try ChildProcess.builtProduct("cqrs"),
                    ["query-api", "--port", String(port), "--replica-url", replica.url],
                    environment: ["CQRS_WRITE_URL": side.readServer.url, "CQRS_LOG_LEVEL": "warning"], outputPath: log)
                defer { process.signal(SIGKILL) }
                let base = "http://127.0.0.1:\(port)"
                try await eventually("query-api answers /ready", timeout: .seconds(20)) {
                    (try? await get("\(base)/ready"))?.status == 200
                }
                try await Task.sleep(for: .milliseconds(100))
                #expect(process.isRunning, "the port was ours: \(replica.logTail())")
                let replicaClient = RedisClient(replica.configuration)
                defer { replicaClient.close() }
                let replicaReads = try await commandCalls(replicaClient, "fcall_ro")

                let product = try await get("\(base)/products/1?minVersion=2")
                #expect(product.status == 200 && product.json["currentStock"] == nil)
                #expect(product.json["version"] as? NSNumber == 2 && product.json["isOutOfStock"] as? Bool == false)
                let names = try await get("\(base)/products?name=red+chair")
                #expect((names.json["items"] as? [[String: Any]])?.compactMap { $0["id"] as? NSNumber } == [1], "+ is a space")
                let all = try await get("\(base)/products?name=red%20")
                #expect((all.json["items"] as? [[String: Any]])?.count == 2)
                let tag = try #require(all.headers["Etag"] as? String ?? all.headers["ETag"] as? String)
                #expect(try await get("\(base)/products?name=red%20", headers: ["If-None-Match": tag]).status == 304)
                #expect(try await get("\(base)/products/9").status == 404)
                #expect(try await get("\(base)/products/x").status == 400)
                #expect(try await commandCalls(replicaClient, "fcall_ro") > replicaReads, "lists are read from the replica")

                process.signal(SIGTERM)
                try await eventually("a graceful stop", timeout: .seconds(10)) { !process.isRunning }
            }
        }
    }
}
