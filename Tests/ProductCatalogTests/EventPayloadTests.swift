import EventSourcing
import Foundation
import ProductCatalog
import Testing

@Suite("Product event payloads")
struct EventPayloadTests {
    static let allEvents: [ProductEvent] = [
        .productAdded(id: 42, name: "Mug \"Blue\" / ☕️", description: "Line 1\nLine\t2", unitPrice: Fixture.price("0.5")),
        .productRated(productId: 42, userId: 9_007_199_254_740_993, rating: 5, previousRating: nil),
        .productRated(productId: 42, userId: 7, rating: 2, previousRating: 4),
        .inventoryAdded(productId: 42, quantity: 10, newStock: 15),
        .itemsShipped(productId: .max, quantity: 3, newStock: 12),
        .stockRecounted(productId: 42, previousStock: 12, newStock: 0),
    ]

    @Test(arguments: allEvents)
    func roundTripsThroughJSON(event: ProductEvent) throws {
        let payload = try event.encodedPayload()
        #expect(try ProductEvent.decode(eventType: event.eventType, payload: payload) == event)
        #expect(try ProductEvent.upcasterChain.decode(
            eventType: event.eventType, schemaVersion: try ProductEvent.currentSchemaVersion(of: event.eventType),
            payload: payload) == event)
    }

    @Test func storedTypeNamesAndSchemaVersions() {
        #expect(Self.allEvents.map(\.eventType) == [
            "ProductAdded", "ProductRated", "ProductRated", "InventoryAdded", "ItemsShipped", "StockRecounted",
        ])
        #expect(ProductEvent.currentSchemaVersions == [
            "ProductAdded": 1, "ProductRated": 2, "InventoryAdded": 1, "ItemsShipped": 1, "StockRecounted": 1,
        ])
    }

    @Test func payloadsAreCamelCaseJSONWithPriceAsString() throws {
        func text(_ event: ProductEvent) throws -> String { String(decoding: try event.encodedPayload(), as: UTF8.self) }
        #expect(try text(.productAdded(id: 1, name: "A", description: "", unitPrice: Fixture.price("19.99")))
            == #"{"description":"","id":1,"name":"A","unitPrice":"19.99"}"#)
        #expect(try text(.productRated(productId: 1, userId: 2, rating: 3, previousRating: nil))
            == #"{"previousRating":null,"productId":1,"rating":3,"userId":2}"#)
        #expect(try text(.inventoryAdded(productId: 1, quantity: 2, newStock: 3))
            == #"{"newStock":3,"productId":1,"quantity":2}"#)
        #expect(try text(.itemsShipped(productId: 1, quantity: 2, newStock: 3))
            == #"{"newStock":3,"productId":1,"quantity":2}"#)
        #expect(try text(.stockRecounted(productId: 1, previousStock: 2, newStock: 3))
            == #"{"newStock":3,"previousStock":2,"productId":1}"#)
    }

    @Test func unknownEventTypeIsAClearError() {
        let error = #expect(throws: EventSourcingError.self) {
            try ProductEvent.decode(eventType: "ProductDeleted", payload: Array("{}".utf8))
        }
        #expect(error?.kind == .unknownEventType)
        #expect(error?.description.contains("\"ProductDeleted\"") == true)
        #expect(error?.description.contains("ProductRated") == true)
    }

    @Test func payloadMismatchNamesTheKey() {
        let error = #expect(throws: EventSourcingError.self) {
            try ProductEvent.decode(eventType: "InventoryAdded", payload: Array(#"{"productId":1,"quantity":2}"#.utf8))
        }
        #expect(error?.kind == .payloadMismatch)
        #expect(error?.description == "payload of InventoryAdded does not match schema version 1: missing key \"newStock\"")
    }

    @Test func priceAsJSONNumberIsRejected() {
        let payload = Array(#"{"id":1,"name":"A","description":"","unitPrice":19.99}"#.utf8)
        let error = #expect(throws: EventSourcingError.self) {
            try ProductEvent.decode(eventType: "ProductAdded", payload: payload)
        }
        #expect(error?.kind == .payloadMismatch)
        #expect(error?.description.contains("unitPrice") == true)
    }
}
