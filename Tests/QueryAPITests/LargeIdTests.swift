import Foundation
import HummingbirdTesting
import ProductCatalog
import Testing

/// Ids anywhere in the positive 64-bit range, as the command API takes them (found by
/// contract fuzzing: the read models' Lua once read ids as doubles, exact only to 2^53).
@Suite("64-bit ids")
struct LargeIdTests {
    @Test func productsAndUsersWithIdsBeyondTwoToThe53WorkEverywhere() async throws {
        let big: Int64 = 9_007_199_254_740_993  // 2^53 + 1: not a double
        let max = Int64.max
        try await QuerySide.with { side in
            for id in [big, max] {
                try await side.handle(.addNewProduct(id: id, name: "Huge \(id)", description: "", unitPrice: try Price(parsing: "1")))
                try await side.handle(.rateProduct(productId: id, userId: Int64.max, rating: 5))
            }
            try await side.project()
            #expect(try await side.admin.deadLetters().isEmpty)
            try await side.api { client in
                for id in [big, max] {
                    let reply = try await client.get("/products/\(id)")
                    #expect(reply.status == 200 && (reply.object["id"] as? NSNumber)?.int64Value == id, "\(reply.text)")
                    #expect(reply.object["ratingCount"] as? NSNumber == 1)
                    #expect(try await client.get("/products/\(id)/inventory").status == 200)
                }
                #expect(try await client.get("/products/\(big)/related").ids == [max])
                #expect(try await client.get("/products/\(big - 1)").status == 404)
                #expect(try await client.get("/products/\(big - 1)/related").status == 404)
                let first = try await client.get("/products/out-of-stock?limit=1")
                let cursor = try #require(first.nextCursor)
                #expect(try await client.get("/products/out-of-stock?limit=1&cursor=\(cursor)").status == 200)
                try await client.get("/products/9223372036854775808").expectError(400, field: "id")
            }
        }
    }
}
