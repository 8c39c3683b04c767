import Foundation
import HummingbirdTesting
import ProductCatalog
import QueryAPI
import Testing

@Suite("Near cache: name search and related products")
struct NearCacheListTests {
    /// 30 products with shared name prefixes, stock for some, and ratings by a few users.
    private func catalogue(_ side: QuerySide) async throws {
        var tick = 0
        for id: Int64 in 1...30 {
            tick += 1
            let name = ["Red Chair \(id)", "red lamp \(id)", "Straße \(id)"][Int(id) % 3]
            try await side.handle(.addNewProduct(id: id, name: name, description: "d\(id)", unitPrice: try Price(parsing: "1.5")), tick: tick)
            if id % 4 == 0 { try await side.handle(.addToInventory(productId: id, quantity: 2), tick: tick) }
            try await side.handle(.rateProduct(productId: id, userId: id % 5 + 1, rating: Int(id % 5) + 1), tick: tick)
        }
        try await side.project()
    }

    /// Every page of a by-name query, following cursors: (status, ETag, body) per page.
    private func pages(_ client: any TestClientProtocol, _ first: String) async throws -> [String] {
        var seen: [String] = []
        var uri = first
        for _ in 0..<50 {
            let page = try await client.get(uri)
            seen.append("\(page.status) \(page["ETag"] ?? "-") \(page.text)")
            guard let cursor = page.nextCursor else { return seen }
            uri = first + "&cursor=" + cursor
        }
        throw QueryTestFailure("paging did not end")
    }

    private static let queries = [
        "/products?name=red&limit=4", "/products?name=RED+&limit=7", "/products?name=strasse&limit=3", "/products?name=",
        "/products?name=zzz", "/products?name=red+chair+1&limit=2",
    ]

    @Test func answersAreTheSameBytesAsWithoutTheCache() async throws {
        try await QuerySide.with { side in
            try await catalogue(side)
            let routes = (1...31).map { "/products/\($0)/related" } + (1...30).map { "/products/\($0)/related?limit=2" }
            let plain: [String] = try await side.api { client in
                var answers: [String] = []
                for query in Self.queries { answers += try await pages(client, query) }
                for route in routes { let reply = try await client.get(route); answers.append("\(reply.status) \(reply.text)") }
                return answers
            }
            try await side.cachedAPI { client, cache in
                for round in 1...2 {
                    var answers: [String] = []
                    for query in Self.queries { answers += try await pages(client, query) }
                    for route in routes { let reply = try await client.get(route); answers.append("\(reply.status) \(reply.text)") }
                    #expect(answers == plain, "round \(round)")
                }
                #expect(cache.statistics.hits > 60, "\(cache.statistics)")
            }
        }
    }

    @Test func aCachedListChangesRightAfterTheInvalidationOfItsSetOrOfAnItem() async throws {
        try await QuerySide.with { side in
            try await catalogue(side)
            try await side.cachedAPI { client, cache in
                let page = try await client.get("/products?name=red+chair")
                #expect(page.ids.count == 10)
                let related = try await client.get("/products/26/related")
                let hits = cache.statistics.hits
                #expect(try await client.get("/products?name=red+chair").text == page.text)
                #expect(try await client.get("/products/26/related").text == related.text)
                #expect(!related.ids.contains(31))
                #expect(cache.statistics.hits == hits + 2, "served from memory")

                // A new matching product (the names set changes).
                try await side.handle(.addNewProduct(id: 31, name: "Red Chair 0", description: "", unitPrice: try Price(parsing: "1")))
                try await side.project()
                try await eventually("the new product is listed") {
                    try await client.get("/products?name=red+chair").ids.first == 31
                }
                // An item's stock changes (its hash changes): isOutOfStock in the list follows.
                try await side.handle(.addToInventory(productId: 31, quantity: 5))
                try await side.project()
                try await eventually("the item's change is seen") {
                    let first = try await client.get("/products?name=red+chair").items.first
                    return first?["isOutOfStock"] as? Bool == false
                }
                // User 2's latest ratings were 21 and 26 (K = 2); rating 31 pairs it with 26.
                try await side.handle(.rateProduct(productId: 31, userId: 2, rating: 5), tick: 100)
                try await side.project()
                try await eventually("the related list follows") {
                    try await client.get("/products/26/related").ids.contains(31)
                }
                #expect(try await client.get("/products/99/related").status == 404)
            }
        }
    }
}
