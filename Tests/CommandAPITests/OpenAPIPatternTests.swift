import CommandAPI
import ProductCatalog
import Testing

@Suite("The OpenAPI document's patterns accept exactly what the server accepts")
struct OpenAPIPatternTests {
    /// The `unitPrice` string pattern, as written in openapi.yaml.
    static let pricePattern =
        #"^((0{0,14}[1-9]|0{0,13}[1-9][0-9]|0{0,12}[1-9][0-9]{2}|0{0,11}[1-9][0-9]{3}|0{0,10}[1-9][0-9]{4}|0{0,9}[1-9][0-9]{5})(\.[0-9]{1,2})?|0{0,8}1000000(\.00?)?|0{1,15}\.(0[1-9]|[1-9][0-9]?))$"#

    /// What the server accepts as a `unitPrice` string: the domain's parser and range.
    static func serverAccepts(_ text: String) -> Bool {
        guard let price = try? Price(parsing: text) else { return false }
        return price > .zero && price <= ProductLimits.maxUnitPrice
    }

    @Test func theDocumentCarriesThePricePattern() {
        #expect(OpenAPIDocument.yaml.contains("pattern: '\(Self.pricePattern)'"))
    }

    @Test func thePricePatternMatchesTheServerOnEdgesAndRandomText() throws {
        let pattern = try Regex(Self.pricePattern)
        var samples = [
            "0", "0.0", "0.00", "0.01", "0.1", "0.10", "00.5", ".5", "5.", "1", "01", "19.99", "19.999", "999999.99",
            "1000000", "1000000.0", "1000000.00", "1000000.01", "1000001", "0000000001000000", "000000001000000",
            "000000000000001", "0000000000000001", "000000000000000.5", "0000000000000000.5", "1e3", "-1", "+1", " 1", "1 ",
        ]
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0000000123456789..")
        for _ in 0..<20_000 {
            let length = Int.random(in: 1...17, using: &generator)
            samples.append(String((0..<length).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        for text in samples {
            let matches = (try? pattern.wholeMatch(in: text)) != nil
            #expect(matches == Self.serverAccepts(text), "\"\(text)\": pattern \(matches), server \(Self.serverAccepts(text))")
        }
    }
}
