import Foundation
import HummingbirdTesting
import ProductCatalog
import Testing

@Suite("Query routes over read models projected from real commands")
struct ProductRouteTests {
    /// The catalogue of the read-model tests: known answers for every route.
    static func seed(_ side: QuerySide) async throws {
        var tick = 0
        func run(_ command: ProductCommand) async throws {
            tick += 1
            try await side.handle(command, tick: tick)
        }
        try await run(.addNewProduct(id: 1, name: "Straße Lamp", description: "bright", unitPrice: try Price(parsing: "19.99")))
        try await run(.addNewProduct(id: 2, name: "STRASSE sign", description: "", unitPrice: try Price(parsing: "5")))
        try await run(.addNewProduct(id: 3, name: "École chair", description: "wood", unitPrice: try Price(parsing: "100.5")))
        try await run(.addNewProduct(id: 4, name: "desk", description: "", unitPrice: try Price(parsing: "250")))
        try await run(.rateProduct(productId: 1, userId: 1, rating: 5))
        try await run(.rateProduct(productId: 2, userId: 1, rating: 3))
        try await run(.rateProduct(productId: 3, userId: 1, rating: 4))
        try await run(.rateProduct(productId: 1, userId: 2, rating: 4))
        try await run(.rateProduct(productId: 2, userId: 2, rating: 2))
        try await run(.rateProduct(productId: 1, userId: 1, rating: 3))  // a re-rating replaces the 5
        try await run(.addToInventory(productId: 1, quantity: 5))
        try await run(.confirmItemsShipped(productId: 1, quantity: 5))
        try await run(.addToInventory(productId: 3, quantity: 2))
    }

    @Test func everyRouteAnswersFromTheProjectedReadModels() async throws {
        try await QuerySide.with { side in
            try await Self.seed(side)
            try await side.project()
            try await side.api { client in
                let lamp = try await client.get("/products/1")
                #expect(lamp.status == 200)
                #expect(lamp.text == #"{"description":"bright","id":1,"isOutOfStock":true,"name":"Straße Lamp","ratingCount":2,"unitPrice":"19.99","userRating":3.5,"version":6}"#)
                #expect(lamp["ETag"] == "\"6\"")
                #expect(lamp["Content-Type"] == "application/json")
                #expect(try await client.get("/products/3").object["unitPrice"] as? String == "100.50")

                let inventory = try await client.get("/products/3/inventory")
                #expect(inventory.text == #"{"currentStock":2,"id":3,"name":"École chair"}"#)
                #expect(inventory["ETag"] == "\"3\"")

                #expect(try await client.get("/products?name=strasse").ids == [1, 2], "ß folds to ss")
                #expect(try await client.get("/products?name=STRA%C3%9FE%20S").ids == [2])
                #expect(try await client.get("/products?name=%C3%A9c").ids == [3])
                #expect(try await client.get("/products?name=ecole").ids == [], "accents are kept")
                let all = try await client.get("/products")
                #expect(all.ids.count == 4)
                #expect(all.object["nextCursor"] is NSNull)

                let outOfStock = try await client.get("/products/out-of-stock")
                #expect(outOfStock.ids == [1, 2, 4])
                #expect(outOfStock.items.first.map { Set($0.keys) } == ["id", "name", "currentStock"])
                #expect(outOfStock.items.first?["currentStock"] as? NSNumber == 0)

                #expect(try await client.get("/products/top-rated").ids == [3, 1, 2])
                #expect(try await client.get("/products/top-rated?limit=1").ids == [3])

                // K = 2: user 1's two most recent are 1 (re-rated last) and 3; user 2 rated 1 and 2.
                let related = try await client.get("/products/1/related")
                #expect(related.ids == [3, 2])
                #expect(related.items.map { ($0["score"] as? NSNumber)?.intValue } == [1, 1])
                #expect(related.items.first?["name"] as? String == "École chair")
                #expect(try await client.get("/products/4/related").ids == [])
            }
        }
    }

    @Test func unknownProductsAnswer404() async throws {
        try await QuerySide.with { side in
            try await Self.seed(side)
            try await side.project()
            try await side.api { client in
                try await client.get("/products/99").expectError(404, field: "id")
                try await client.get("/products/99/inventory").expectError(404, field: "id")
                try await client.get("/products/99/related").expectError(404, field: "id")
                try await client.get("/nowhere").expectError(404)
            }
        }
    }

    @Test func badInputAnswers400() async throws {
        try await QuerySide.with { side in
            try await Self.seed(side)
            try await side.project()
            try await side.api { client in
                for id in ["abc", "0", "-1", "1.5", "99999999999999999999", "%2B1"] {
                    try await client.get("/products/\(id)").expectError(400, field: "id")
                    try await client.get("/products/\(id)/inventory").expectError(400, field: "id")
                    try await client.get("/products/\(id)/related").expectError(400, field: "id")
                }
                for limit in ["0", "101", "x", "", "-5"] {
                    try await client.get("/products?limit=\(limit)").expectError(400, field: "limit")
                    try await client.get("/products/out-of-stock?limit=\(limit)").expectError(400, field: "limit")
                    try await client.get("/products/top-rated?limit=\(limit)").expectError(400, field: "limit")
                    try await client.get("/products/1/related?limit=\(limit)").expectError(400, field: "limit")
                }
                #expect(try await client.get("/products?limit=100").status == 200)
                try await client.get("/products?name=" + String(repeating: "a", count: 201)).expectError(400, field: "name")
                #expect(try await client.get("/products?name=" + String(repeating: "a", count: 200)).status == 200)
                try await client.get("/products?colour=red").expectError(400, field: "colour")
                try await client.get("/products/1?minVersion=0").expectError(400, field: "minVersion")
                try await client.get("/products/1?minVersion=soon").expectError(400, field: "minVersion")
                try await client.get("/products?limit=1&limit=2").expectError(400, field: "limit")
                for cursor in ["!!!", "bm90LWEtbWVtYmVy", "MQ"] {
                    try await client.get("/products?name=str&cursor=\(cursor)").expectError(400, field: "cursor")
                }
                for cursor in ["!!!", "YWJj", "MA"] {
                    try await client.get("/products/out-of-stock?cursor=\(cursor)").expectError(400, field: "cursor")
                }
                // A cursor of one name is refused for another.
                let page = try await client.get("/products?name=str&limit=1")
                let cursor = try #require(page.nextCursor)
                #expect(try await client.get("/products?name=str&cursor=\(cursor)").ids == [2])
                try await client.get("/products?name=d&cursor=\(cursor)").expectError(400, field: "cursor")
            }
        }
    }
}
