import EventSourcing
import Foundation
import ProductCatalog
import Testing

@Suite("Upcasting")
struct UpcasterTests {
    let v1Payload = Array(#"{"productId":42,"userId":9007199254740993,"rating":4}"#.utf8)

    @Test func productRatedV1DecodesThroughTheChain() throws {
        let event = try ProductEvent.upcasterChain.decode(eventType: "ProductRated", schemaVersion: 1, payload: v1Payload)
        #expect(event == .productRated(productId: 42, userId: 9_007_199_254_740_993, rating: 4, previousRating: nil))
    }

    @Test func v1PayloadIsNotAcceptedAsCurrentWithoutUpcasting() {
        let error = #expect(throws: EventSourcingError.self) {
            try ProductEvent.decode(eventType: "ProductRated", payload: v1Payload)
        }
        #expect(error?.description.contains("missing key \"previousRating\"") == true)
    }

    @Test func upcastAddsPreviousRatingAndKeepsNumbersExact() throws {
        let upcast = try ProductEvent.upcasterChain.upcast(eventType: "ProductRated", schemaVersion: 1, payload: v1Payload)
        #expect(String(decoding: upcast, as: UTF8.self)
            == #"{"previousRating":null,"productId":42,"rating":4,"userId":9007199254740993}"#)
    }

    @Test func upcasterStepReportsItsVersions() throws {
        let step = ProductEvent.productRatedV1ToV2
        #expect(step.eventType == "ProductRated")
        #expect(step.fromSchemaVersion == 1 && step.toSchemaVersion == 2)
        #expect(try step.apply(to: ["rating": 3]) == ["rating": 3, "previousRating": .null])
    }

    @Test func decodesEnvelopesOfOldSchemaThroughTheAggregate() throws {
        let id = UUID()
        let envelope = EventEnvelope(
            eventId: id, eventType: "ProductRated", schemaVersion: 1, aggregateType: "Product", aggregateId: "42",
            version: 2, timestamp: Date(), commandId: id, correlationId: id, causationId: id, payload: v1Payload)
        #expect(try Product.event(from: envelope)
            == .productRated(productId: 42, userId: 9_007_199_254_740_993, rating: 4, previousRating: nil))

        var foreign = envelope
        foreign.aggregateType = "Order"
        let error = #expect(throws: EventSourcingError.self) { try Product.event(from: foreign) }
        #expect(error?.kind == .wrongAggregateType)
    }

    @Test func missingUpcasterNamesTypeAndVersions() {
        let chain = UpcasterChain<ProductEvent>()
        let error = #expect(throws: EventSourcingError.self) {
            try chain.decode(eventType: "ProductRated", schemaVersion: 1, payload: v1Payload)
        }
        #expect(error?.kind == .missingUpcaster)
        #expect(error?.description.hasPrefix("no upcaster for ProductRated from schema version 1 to 2") == true)
    }

    @Test(arguments: [0, 3])
    func unsupportedSchemaVersionsAreRejected(version: Int) {
        let error = #expect(throws: EventSourcingError.self) {
            try ProductEvent.upcasterChain.decode(eventType: "ProductRated", schemaVersion: version, payload: v1Payload)
        }
        #expect(error?.kind == .unsupportedSchemaVersion)
        #expect(error?.description.contains("schema version \(version)") == true)
    }

    @Test func unknownTypeIsRejectedByTheChain() {
        let error = #expect(throws: EventSourcingError.self) {
            try ProductEvent.upcasterChain.decode(eventType: "Nope", schemaVersion: 1, payload: [])
        }
        #expect(error?.kind == .unknownEventType)
    }

    @Test func malformedOldPayloadIsAClearError() {
        let error = #expect(throws: EventSourcingError.self) {
            try ProductEvent.upcasterChain.decode(eventType: "ProductRated", schemaVersion: 1, payload: Array("[1]".utf8))
        }
        #expect(error?.kind == .malformedJSON)
        #expect(error?.description.contains("not a JSON object") == true)
    }

    @Test func failingUpcasterIsWrapped() {
        struct Refused: Error, CustomStringConvertible { var description: String { "no rating" } }
        let chain = UpcasterChain<ProductEvent>([
            Upcaster(eventType: "ProductRated", fromSchemaVersion: 1) { _ in throw Refused() },
        ])
        let error = #expect(throws: EventSourcingError.self) {
            try chain.decode(eventType: "ProductRated", schemaVersion: 1, payload: v1Payload)
        }
        #expect(error?.kind == .upcastFailed)
        #expect(error?.description == "upcasting ProductRated from schema version 1 to 2 failed: no rating")
    }
}
