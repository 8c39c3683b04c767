import Foundation
import HummingbirdTesting
import ProductCatalog
import Testing

@Suite("Paging to the end")
struct PaginationTests {
    /// Follows `nextCursor` from `first` to the last page; every id in page order.
    private func pageThrough(_ client: any TestClientProtocol, _ first: String) async throws -> (ids: [Int64], pages: Int) {
        var ids: [Int64] = []
        var uri = first
        for pages in 1...100 {
            let page = try await client.get(uri)
            #expect(page.status == 200, "\(page.text)")
            ids += page.ids
            guard let cursor = page.nextCursor else { return (ids, pages) }
            #expect(page.ids.count > 0, "a page with a cursor has items")
            uri = first + "&cursor=" + cursor
        }
        throw QueryTestFailure("paging did not end")
    }

    @Test func everyMatchOnceInOrder() async throws {
        try await QuerySide.with { side in
            // 47 products; names share a prefix, some equal ("Widget 7" twice), ids not in name order.
            var tick = 0
            for id: Int64 in 1...47 {
                tick += 1
                let name = id == 40 ? "widget 7" : "Widget \(id % 20)"
                try await side.handle(.addNewProduct(id: id, name: name, description: "", unitPrice: try Price(parsing: "1")), tick: tick)
                if id % 3 == 0 { try await side.handle(.addToInventory(productId: id, quantity: 1), tick: tick) }
            }
            try await side.handle(.addNewProduct(id: 100, name: "Gadget", description: "", unitPrice: try Price(parsing: "1")))
            try await side.project()
            let expectedByName = try await side.queries.findByName("widget", limit: 1000).map(\.id)
            #expect(expectedByName.count == 47)
            let expectedOutOfStock = (1...47).filter { $0 % 3 != 0 }.map(Int64.init) + [100]
            try await side.api { client in
                for limit in [1, 5, 7, 47, 100] {
                    let byName = try await pageThrough(client, "/products?name=WIDGET&limit=\(limit)")
                    #expect(byName.ids == expectedByName, "limit \(limit)")
                    #expect(byName.pages == (47 + limit - 1) / limit, "no empty last page")
                    let outOfStock = try await pageThrough(client, "/products/out-of-stock?limit=\(limit)")
                    #expect(outOfStock.ids == expectedOutOfStock, "limit \(limit)")
                }
                let everything = try await pageThrough(client, "/products?limit=10")
                #expect(Set(everything.ids).count == 48 && everything.ids.count == 48)
            }
        }
    }

    @Test func productsAddedWhilePagingAreSeenOnceOrNot() async throws {
        try await QuerySide.with { side in
            for id: Int64 in 1...10 {
                try await side.handle(.addNewProduct(id: id, name: "Item \(Character(UnicodeScalar(UInt8(96 + id))))", description: "", unitPrice: try Price(parsing: "1")))
            }
            try await side.project()
            try await side.api { client in
                let first = try await client.get("/products?name=item&limit=4")
                #expect(first.ids == [1, 2, 3, 4])
                // Between pages: one product before the cursor, one after it, one removed from stock listing.
                try await side.handle(.addNewProduct(id: 11, name: "Item a0", description: "", unitPrice: try Price(parsing: "1")))
                try await side.handle(.addNewProduct(id: 12, name: "Item z", description: "", unitPrice: try Price(parsing: "1")))
                try await side.project()
                var ids = first.ids
                var cursor = first.nextCursor
                while let next = cursor {
                    let page = try await client.get("/products?name=item&limit=4&cursor=\(next)")
                    ids += page.ids
                    cursor = page.nextCursor
                }
                #expect(ids == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12], "no duplicates, no gaps; the later product is seen")
            }
        }
    }
}
