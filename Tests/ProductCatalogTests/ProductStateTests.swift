import EventSourcing
import Foundation
import ProductCatalog
import Testing

@Suite("ProductState")
struct ProductStateTests {
    let id = Fixture.productId
    var history: [ProductEvent] {
        [
            Fixture.added,
            .inventoryAdded(productId: id, quantity: 10, newStock: 10),
            .productRated(productId: id, userId: 1, rating: 5, previousRating: nil),
            .itemsShipped(productId: id, quantity: 4, newStock: 6),
            .productRated(productId: id, userId: 2, rating: 3, previousRating: nil),
            .productRated(productId: id, userId: 1, rating: 2, previousRating: 5),
            .stockRecounted(productId: id, previousStock: 6, newStock: 5),
        ]
    }

    @Test func initialStateIsAbsent() {
        #expect(Product.initialState == .absent)
        #expect(!Product.initialState.exists)
        #expect(Product.fold([]) == .absent)
    }

    @Test func foldsHistory() {
        #expect(Product.fold(history) == ProductState(
            exists: true, id: 42, name: "Mug", description: "Blue, 300 ml", unitPrice: Fixture.price("12.50"),
            stock: 5, ratings: [1: 2, 2: 3]))
    }

    @Test func foldingInStepsEqualsFoldingAtOnce() {
        let middle = Product.fold(history.prefix(3))
        #expect(Product.fold(history.dropFirst(3), from: middle) == Product.fold(history))
    }

    @Test func snapshotRoundTrips() throws {
        let state = Product.fold(history)
        let data = try JSONEncoder().encode(state)
        #expect(try JSONDecoder().decode(ProductState.self, from: data) == state)
        #expect(try JSONDecoder().decode(ProductState.self, from: JSONEncoder().encode(ProductState.absent)) == .absent)
    }

    @Test func snapshotJSONUsesUserIdKeysAndPriceString() throws {
        var state = Product.fold(history)
        state.ratings = [7: 4]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(state), as: UTF8.self)
        #expect(text == #"{"description":"Blue, 300 ml","exists":true,"id":42,"name":"Mug","#
            + #""ratings":{"7":4},"stock":5,"unitPrice":"12.50"}"#)
    }

    /// States whose snapshot JSON has one order only (at most one rating), with text that
    /// needs escaping.
    static let smallStates: [ProductState] = [
        .absent,
        ProductState(exists: true, id: 42, name: "Mug \"Blue\" / 300 ml", description: "tab\there\nline é 日本 \u{1}",
                     unitPrice: try! Price(parsing: "19.99"), stock: 7, ratings: [Int64.max: 5]),
        ProductState(exists: true, id: .max, name: "A", description: "", unitPrice: try! Price(parsing: "1000000"), stock: 0, ratings: [:]),
    ]

    @Test(arguments: smallStates)
    func snapshotJSONIsWhatJSONEncoderWritesWithSortedKeysAndPlainSlashes(_ state: ProductState) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(String(decoding: state.snapshotJSON, as: UTF8.self) == String(decoding: try encoder.encode(state), as: UTF8.self))
        #expect(Product.encodeSnapshot(state) == state.snapshotJSON)
    }

    @Test func snapshotJSONWithManyRatingsReadsBack() throws {
        var state = Product.fold(history)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1_000 { state.ratings[Int64.random(in: 1...Int64.max, using: &generator)] = Int.random(in: 1...5) }
        #expect(try JSONDecoder().decode(ProductState.self, from: Data(state.snapshotJSON)) == state)
    }

    @Test func snapshotWithBadRatingKeyIsRejected() {
        let json = #"{"description":"","exists":true,"id":1,"name":"A","ratings":{"x":4},"stock":0,"unitPrice":"1"}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ProductState.self, from: Data(json.utf8)) }
    }

    @Test func aggregateIdentity() {
        #expect(Product.aggregateType == "Product")
        #expect(Product.snapshotSchemaVersion == 1)
        #expect(Product.aggregateId(of: .addToInventory(productId: 42, quantity: 1)) == "42")
        #expect(Product.aggregateId(of: .addNewProduct(id: 7, name: "", description: "", unitPrice: .zero)) == "7")
    }

    @Test func decideGivenHistoryUsesTheFoldedState() throws {
        #expect(try Product.decide(.confirmItemsShipped(productId: id, quantity: 5), given: history)
            == [.itemsShipped(productId: id, quantity: 5, newStock: 0)])
    }
}
