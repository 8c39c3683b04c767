import Foundation
import ProductCatalog
import Testing

@Suite("Price")
struct PriceTests {
    @Test(arguments: [
        ("19.99", Int64(1999), "19.99"), ("5", 500, "5.00"), ("0.5", 50, "0.50"), ("0.50", 50, "0.50"),
        ("0", 0, "0.00"), ("1000000.01", 100_000_001, "1000000.01"), ("007.10", 710, "7.10"),
        ("999999999999999.99", 99_999_999_999_999_999, "999999999999999.99"),
    ])
    func parsesExactly(text: String, cents: Int64, canonical: String) throws {
        let price = try Price(parsing: text)
        #expect(price.cents == cents)
        #expect(price.description == canonical)
    }

    @Test func canonicalTextRoundTrips() throws {
        #expect(try Price(parsing: "19.99").description == "19.99")
        #expect(try Price(parsing: "0.10").decimalValue == Decimal(string: "0.1"))
        #expect(try Price(parsing: "1234567.89").decimalValue.description == "1234567.89")
    }

    @Test(arguments: [
        "", "1e3", "1E3", "-1", "+1", " 1", "1 ", "0.001", "1.999", ".5", "5.", "1,5", "1.2.3", "abc", "١٢",
        "NaN", "0x10", "1_000", "1234567890123456", "12.-1",
    ])
    func rejectsMalformedText(text: String) {
        let error = #expect(throws: ProductCatalogError.self) { try Price(parsing: text) }
        #expect(error?.kind == .invalidField)
        #expect(error?.field == "unitPrice")
        #expect(error?.description.hasPrefix("unitPrice must be a plain decimal amount") == true)
    }

    @Test func errorExplainsTheProblem() {
        #expect(throws: ProductCatalogError.invalidField(
            "unitPrice",
            "unitPrice must be a plain decimal amount like \"19.99\" (at most 2 decimal places), got \"0.001\"")
        ) { try Price(parsing: "0.001") }
        #expect(throws: ProductCatalogError.invalidField(
            "price", "price must be a plain decimal amount like \"19.99\" (no exponent allowed), got \"1e3\"")
        ) { try Price(parsing: "1e3", field: "price") }
    }

    @Test func absurdlyLongTextIsShortenedInTheMessage() {
        let error = #expect(throws: ProductCatalogError.self) { try Price(parsing: String(repeating: "9", count: 5000)) }
        #expect(error?.description.contains("(5000 characters)") == true)
        #expect((error?.description.count ?? .max) < 200)
    }

    @Test func comparesByAmount() throws {
        #expect(try Price(parsing: "9.99") < Price(parsing: "10"))
        #expect(try Price(parsing: "5") == Price(parsing: "5.00"))
        #expect(Price(cents: -1) == nil)
        #expect(Price(cents: 250)?.description == "2.50")
    }

    @Test func encodesAsJSONString() throws {
        let json = try JSONEncoder().encode([try Price(parsing: "19.9")])
        #expect(String(decoding: json, as: UTF8.self) == #"["19.90"]"#)
        #expect(try JSONDecoder().decode([Price].self, from: json) == [try Price(parsing: "19.90")])
    }

    @Test func rejectsJSONNumbersAndBadStrings() {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Price].self, from: Data("[19.99]".utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Price].self, from: Data(#"["1e3"]"#.utf8)) }
    }
}
