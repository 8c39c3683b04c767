import EventSourcing
import Foundation
import ProductCatalog
import Testing

@Suite("ExpectedVersion")
struct ExpectedVersionTests {
    @Test(arguments: [
        ("any", ExpectedVersion.any), ("none", .noStream), ("0", .exact(0)), ("17", .exact(17)),
        ("9223372036854775807", .exact(.max)),
    ])
    func wireRoundTrips(wire: String, version: ExpectedVersion) {
        #expect(ExpectedVersion(wire: wire) == version)
        #expect(version.wire == wire)
    }

    @Test(arguments: ["", "-1", "+1", "1e3", " 1", "ANY", "None", "9223372036854775808", "1.0"])
    func rejectsBadWire(wire: String) {
        #expect(ExpectedVersion(wire: wire) == nil)
    }

    @Test func satisfaction() {
        #expect(ExpectedVersion.any.isSatisfied(byCurrentVersion: 5))
        #expect(ExpectedVersion.noStream.isSatisfied(byCurrentVersion: 0))
        #expect(!ExpectedVersion.noStream.isSatisfied(byCurrentVersion: 1))
        #expect(ExpectedVersion.exact(3).isSatisfied(byCurrentVersion: 3))
        #expect(!ExpectedVersion.exact(3).isSatisfied(byCurrentVersion: 4))
    }
}

@Suite("JSONValue")
struct JSONValueTests {
    @Test func keepsNumbersExact() throws {
        let text = #"{"big":123456789012345678901234567890,"cents":0.10,"exp":-1.5E+3,"list":[true,false,null,"x"]}"#
        let value = try JSONValue(parsing: text)
        #expect(value["big"] == .number("123456789012345678901234567890"))
        #expect(value["cents"] == .number("0.10"))
        #expect(value.serializedString() == text)
    }

    @Test func escapesAndUnicode() throws {
        let value = try JSONValue(parsing: #""a\"b\\c\/d\n\t\u0001 \u00e9 \ud83d\ude00""#)
        #expect(value == .string("a\"b\\c/d\n\t\u{1} é 😀"))
        #expect(value.serializedString() == #""a\"b\\c/d\n\t\u0001 é 😀""#)
        #expect(try JSONValue(parsing: value.serializedBytes()) == value)
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "-", "1e", "tru", "\"abc", "\"\u{1}\"", "{\"a\":1,\"a\":2}",
        "\"\\ud800\"", "\"\\x\"", "1 2", "{1:2}", "NaN",
    ])
    func rejectsInvalidJSON(text: String) {
        let error = #expect(throws: EventSourcingError.self) { try JSONValue(parsing: text) }
        #expect(error?.kind == .malformedJSON)
        #expect(error?.description.contains("at byte") == true)
    }

    @Test func rejectsInvalidUTF8AndDeepNesting() {
        #expect(throws: EventSourcingError.self) { try JSONValue(parsing: [0x22, 0xFF, 0x22]) }
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: EventSourcingError.self) { try JSONValue(parsing: deep) }
    }

    @Test func codableRoundTrip() throws {
        let value: JSONValue = ["a": [1, "two", nil, true], "b": .number("12.5"), "c": .integer(UInt64.max)]
        let decoded = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
        #expect(decoded == value)
    }
}

@Suite("EventEnvelope")
struct EventEnvelopeTests {
    @Test func timestampHasMillisecondPrecision() {
        let id = UUID()
        let envelope = EventEnvelope(
            eventId: id, eventType: "ItemsShipped", schemaVersion: 1, aggregateType: "Product", aggregateId: "1",
            version: 1, timestamp: Date(timeIntervalSince1970: 1_700_000_000.123_456), commandId: id,
            correlationId: id, causationId: id, payload: [])
        #expect(envelope.timestampMilliseconds == 1_700_000_000_123)
        #expect(EventEnvelope.date(millisecondsSince1970: envelope.timestampMilliseconds) == envelope.timestamp)
        #expect(envelope.position == nil)
        #expect(envelope.withPosition("1-0").position == "1-0")
    }

    @Test func aggregateBuildsEnvelopesWithConsecutiveVersions() throws {
        let command = UUID()
        let ids = [UUID(), UUID()]
        var next = ids.makeIterator()
        let events: [ProductEvent] = [
            .productRated(productId: 42, userId: 1, rating: 5, previousRating: nil),
            .inventoryAdded(productId: 42, quantity: 1, newStock: 1),
        ]
        let envelopes = try Product.envelopes(
            for: events, aggregateId: "42", currentVersion: 3, metadata: CommandMetadata(commandId: command),
            timestamp: Date(timeIntervalSince1970: 1), makeEventId: { next.next()! })
        #expect(envelopes.map(\.version) == [4, 5])
        #expect(envelopes.map(\.eventId) == ids)
        #expect(envelopes.map(\.schemaVersion) == [2, 1])
        #expect(envelopes.allSatisfy {
            $0.aggregateType == "Product" && $0.commandId == command && $0.correlationId == command
                && $0.causationId == command
        })
        #expect(try envelopes.map(Product.event(from:)) == events)
    }
}
