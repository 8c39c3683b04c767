import Foundation
import HummingbirdTesting
import ProductCatalog
import Testing

@Suite("minVersion and ETag")
struct ReadYourWritesTests {
    @Test func minVersionWaitsForTheProjectorAndTimesOutWith503() async throws {
        try await QuerySide.with { side in
            try await side.addLamp()
            try await side.project()
            try await side.api(minVersionTimeout: .milliseconds(300)) { client in
                let now = try await client.get("/products/1?minVersion=1")
                #expect(now.status == 200 && now.object["version"] as? NSNumber == 1)

                // Version 2 is in the log but not projected: a bounded wait, then 503.
                try await side.handle(.addToInventory(productId: 1, quantity: 3))
                let started = ContinuousClock.now
                let late = try await client.get("/products/1?minVersion=2")
                let waited = ContinuousClock.now - started
                late.expectError(503)
                #expect(late.object["currentVersion"] as? NSNumber == 1)
                #expect(late.object["minVersion"] as? NSNumber == 2)
                #expect(waited >= .milliseconds(300) && waited < .seconds(2), "\(waited)")
                try await client.get("/products/2?minVersion=1").expectError(503)

                // A plain read answers the older version at once, labelled with it.
                #expect(try await client.get("/products/1").object["version"] as? NSNumber == 1)
            }
            // With the projector running, the waiting request answers as soon as it catches up.
            try await side.api(minVersionTimeout: .seconds(10)) { client in
                let reply = try await side.projecting {
                    try await client.get("/products/1?minVersion=2")
                }
                #expect(reply.status == 200, "\(reply.text)")
                #expect(reply.object["version"] as? NSNumber == 2)
                #expect(reply.object["isOutOfStock"] as? Bool == false)
            }
        }
    }

    @Test func ifNoneMatchAnswers304() async throws {
        try await QuerySide.with { side in
            try await side.addLamp()
            try await side.handle(.addToInventory(productId: 1, quantity: 3))
            try await side.project()
            try await side.api { client in
                let full = try await client.get("/products/1")
                let tag = try #require(full["ETag"])
                #expect(tag == "\"2\"")
                for header in [tag, "\"1\", \"2\"", "W/\"2\"", "*"] {
                    let cached = try await client.get("/products/1", headers: [("If-None-Match", header)])
                    #expect(cached.status == 304, "\(header)")
                    #expect(cached.text.isEmpty)
                    #expect(cached["ETag"] == tag)
                }
                #expect(try await client.get("/products/1", headers: [("If-None-Match", "\"1\"")]).status == 200)
                #expect(try await client.get("/products/1/inventory", headers: [("If-None-Match", tag)]).status == 304)
                #expect(try await client.get("/products/1?minVersion=2", headers: [("If-None-Match", tag)]).status == 304)
            }
        }
    }
}
