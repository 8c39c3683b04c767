import Foundation
import HummingbirdTesting
import ProductCatalog
import Testing

@Suite("Query strings and list ETags")
struct QueryStringAndListETagTests {
    @Test func plusIsASpaceAndPercentTwoBIsAPlus() async throws {
        try await QuerySide.with { side in
            try await side.handle(.addNewProduct(id: 1, name: "Red Chair", description: "", unitPrice: try Price(parsing: "1")))
            try await side.handle(.addNewProduct(id: 2, name: "Red+Chair", description: "", unitPrice: try Price(parsing: "1")))
            try await side.handle(.addNewProduct(id: 3, name: "Redwood", description: "", unitPrice: try Price(parsing: "1")))
            try await side.project()
            try await side.api { client in
                #expect(try await client.get("/products?name=red+chair").ids == [1])
                #expect(try await client.get("/products?name=Red%20Chair").ids == [1])
                #expect(try await client.get("/products?name=red%2Bchair").ids == [2])
                #expect(try await client.get("/products?name=red+&limit=5").ids == [1])
                #expect(try await client.get("/products?name=red").ids.count == 3)
                try await client.get("/products?name=%E9").expectError(400, field: "name")
                try await client.get("/products?name=%zz").expectError(400, field: "name")
                try await client.get("/products?li+mit=2").expectError(400, field: "li mit")
            }
        }
    }

    @Test func listRoutesHaveAnETagThatChangesWithTheList() async throws {
        try await QuerySide.with { side in
            try await side.addLamp()
            try await side.handle(.rateProduct(productId: 1, userId: 7, rating: 4))
            try await side.project()
            let routes = ["/products?name=la", "/products/out-of-stock", "/products/top-rated", "/products/1/related"]
            let before: [String] = try await side.api { client in
                var tags: [String] = []
                for route in routes {
                    let reply = try await client.get(route)
                    let tag = try #require(reply["ETag"], "\(route)")
                    #expect(tag.hasPrefix("\"l-") && tag.count == 20, "\(tag)")
                    let again = try await client.get(route, headers: [("If-None-Match", tag)])
                    #expect(again.status == 304 && again.text.isEmpty && again["ETag"] == tag, "\(route)")
                    #expect(try await client.get(route, headers: [("If-None-Match", "\"l-0\"")]).status == 200)
                    tags.append(tag)
                }
                return tags
            }
            // Every list changes: a new lamp rated by the same user, and stock for the first.
            try await side.handle(.addNewProduct(id: 2, name: "Lantern", description: "", unitPrice: try Price(parsing: "1")))
            try await side.handle(.rateProduct(productId: 2, userId: 7, rating: 5))
            try await side.handle(.addToInventory(productId: 1, quantity: 1))
            try await side.project()
            try await side.api { client in
                for (route, old) in zip(routes, before) {
                    let reply = try await client.get(route, headers: [("If-None-Match", old)])
                    #expect(reply.status == 200 && reply["ETag"] != old, "\(route): \(reply.text)")
                }
            }
        }
    }
}
