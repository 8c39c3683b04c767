import EventSourcing
import Foundation
import ProductCatalog
import Testing

/// The payload codec against Foundation's `JSONEncoder`/`JSONDecoder`, which wrote every
/// payload stored so far (``LegacyPayloadCodec``).
@Suite("Product event payloads, compared with JSONEncoder and JSONDecoder")
struct PayloadCodecTests {
    @Test func theEncoderWritesWhatJSONEncoderWroteByteForByte() throws {
        var random = SplitMix64(seed: 20_261_127)
        for _ in 0..<3_000 {
            let event = Self.event(&random)
            let payload = try event.encodedPayload()
            let expected = try LegacyPayloadCodec.encode(event)
            #expect(payload == expected, "\(event): \(String(decoding: payload, as: UTF8.self)) vs \(String(decoding: expected, as: UTF8.self))")
            #expect(try ProductEvent.decode(eventType: event.eventType, payload: payload) == event, "round trip of \(event)")
        }
    }

    @Test func everyASCIICharacterAndSomeUnicodeAreEscapedAsJSONEncoderDid() throws {
        let text = String(decoding: (0..<0x80).map { UInt8($0) }, as: UTF8.self) + "é☕️\u{2028}\u{2029}\u{FEFF}😀/\\\"\u{301}"
        let event = ProductEvent.productAdded(id: -1, name: text, description: String(text.reversed()), unitPrice: try Price(parsing: "1234567.5"))
        #expect(try event.encodedPayload() == LegacyPayloadCodec.encode(event))
        #expect(try ProductEvent.decode(eventType: event.eventType, payload: event.encodedPayload()) == event)
    }

    /// Each payload is broken one way at a time: a key missing, null, of another type.
    @Test(arguments: ProductEvent.StoredType.allCases)
    func decodingErrorsAreTheOnesJSONDecoderGave(type: ProductEvent.StoredType) throws {
        let valid = try #require(Self.validPayloads[type])
        var broken: [[String: JSONValue]] = []
        for key in valid.keys.sorted() {
            for replacement: JSONValue? in [nil, .null, .string("7"), .number("1.5"), .number("99999999999999999999"), .bool(true), .array([]), .number("2")] {
                var payload = valid
                payload[key] = replacement
                broken.append(payload)
            }
        }
        for members in broken {
            let payload = JSONValue.object(members).serializedBytes()
            let expected = LegacyPayloadCodec.decodingError(eventType: type, payload: payload)
            let actual: EventSourcingError?
            do {
                _ = try ProductEvent.decode(eventType: type.rawValue, payload: payload)
                actual = nil
            } catch let error as EventSourcingError {
                actual = error
            }
            let text = String(decoding: payload, as: UTF8.self)
            #expect((actual == nil) == (expected == nil), "\(text): \(String(describing: actual)) vs \(String(describing: expected))")
            guard let actual, let expected else { continue }
            #expect(actual.kind == expected.kind, "\(text)")
            if expected.description.contains("not valid JSON") {
                // JSONDecoder called a fraction or an overflow "not valid JSON" at the top
                // level; the new reader names the key instead.
                #expect(actual.description.contains("expected Int"), "\(text): \(actual)")
            } else {
                #expect(actual.description == expected.description, "\(text)")
            }
        }
    }

    @Test func integralNumbersWithAFractionOrExponentReadAsJSONDecoderReadThem() throws {
        let payload = Array(#"{"newStock":1e3,"productId":-0,"quantity":2.0}"#.utf8)
        #expect(LegacyPayloadCodec.decodingError(eventType: .inventoryAdded, payload: payload) == nil)
        #expect(try ProductEvent.decode(eventType: "InventoryAdded", payload: payload) == .inventoryAdded(productId: 0, quantity: 2, newStock: 1_000))
    }

    @Test func malformedJSONAndNonObjectsAreMismatchesToo() throws {
        for (text, detail) in [("{\"productId\":1", "malformed JSON"), ("[1]", "expected Dictionary<String, Any> at top level"), ("", "malformed JSON")] {
            let error = #expect(throws: EventSourcingError.self) {
                try ProductEvent.decode(eventType: "ItemsShipped", payload: Array(text.utf8))
            }
            #expect(error?.kind == LegacyPayloadCodec.decodingError(eventType: .itemsShipped, payload: Array(text.utf8))?.kind)
            #expect(error?.description.hasPrefix("payload of ItemsShipped does not match schema version 1: \(detail)") == true, "\(String(describing: error))")
        }
    }

    static let validPayloads: [ProductEvent.StoredType: [String: JSONValue]] = [
        .productAdded: ["id": 1, "name": "Lamp", "description": "", "unitPrice": "2.50"],
        .productRated: ["productId": 1, "userId": 2, "rating": 3, "previousRating": nil],
        .inventoryAdded: ["productId": 1, "quantity": 2, "newStock": 3],
        .itemsShipped: ["productId": 1, "quantity": 2, "newStock": 3],
        .stockRecounted: ["productId": 1, "previousStock": 2, "newStock": 3],
    ]

    /// A random event, with extreme integers and strings that need escaping.
    static func event(_ random: inout SplitMix64) -> ProductEvent {
        func integer() -> Int64 {
            switch random.next() % 4 {
            case 0: [Int64.min, .max, 0, -1, 1][Int(random.next() % 5)]
            case 1: Int64(bitPattern: random.next())
            default: Int64(random.next() % 10_000)
            }
        }
        func text() -> String {
            let pieces = ["a", "Z", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "ß", "☕️", "😀", "\u{2028}", "\u{301}", "{}", ":,"]
            return (0..<Int(random.next() % 12)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
        }
        let price = Price(cents: Int64(random.next() % 10_000_000))!
        switch random.next() % 5 {
        case 0: return .productAdded(id: integer(), name: text(), description: text(), unitPrice: price)
        case 1: return .productRated(productId: integer(), userId: integer(), rating: Int(integer()), previousRating: random.next() % 2 == 0 ? nil : Int(integer()))
        case 2: return .inventoryAdded(productId: integer(), quantity: integer(), newStock: integer())
        case 3: return .itemsShipped(productId: integer(), quantity: integer(), newStock: integer())
        default: return .stockRecounted(productId: integer(), previousStock: integer(), newStock: integer())
        }
    }
}

/// A small seeded generator, so a failure can be reproduced.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
