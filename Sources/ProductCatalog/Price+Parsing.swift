extension Price {
    /// The longest integer part accepted when parsing (keeps cents within `Int64`).
    public static let maxIntegerDigits = 15

    /// Parses a plain decimal amount exactly, without ever going through `Double`.
    ///
    /// Accepted: one or more digits, optionally followed by `.` and one or two
    /// digits: `"5"`, `"0.5"`, `"19.99"`. Rejected: empty text, signs, spaces,
    /// exponents (`"1e3"`), a leading or trailing dot (`".5"`, `"5."`), more than
    /// two decimals (`"0.001"`), non-ASCII digits, and more than
    /// ``maxIntegerDigits`` integer digits.
    ///
    /// The parsed value is not range-checked for the catalogue; `decide` does that.
    ///
    /// - Parameters:
    ///   - field: the field name reported in the error, `"unitPrice"` by default.
    /// - Throws: ``ProductCatalogError`` of kind `.invalidField` naming `field`.
    public init(parsing text: String, field: String = "unitPrice") throws(ProductCatalogError) {
        func reject(_ problem: String) -> ProductCatalogError {
            let shown = text.count > 40 ? "\(text.prefix(40))… (\(text.count) characters)" : text
            return .invalidField(
                field, "\(field) must be a plain decimal amount like \"19.99\" (\(problem)), got \"\(shown)\"")
        }
        let utf8 = Array(text.utf8)
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        guard !utf8.isEmpty else { throw reject("it is empty") }
        if utf8.first == UInt8(ascii: "-") || utf8.first == UInt8(ascii: "+") {
            throw reject("no sign allowed")
        }
        if utf8.contains(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            throw reject("no exponent allowed")
        }
        let dot = utf8.firstIndex(of: UInt8(ascii: "."))
        let integerPart = utf8[..<(dot ?? utf8.endIndex)]
        let fractionPart = dot.map { utf8[($0 + 1)...] } ?? []
        guard !integerPart.isEmpty, integerPart.allSatisfy(isDigit) else {
            throw reject("digits 0-9 before an optional '.', nothing else")
        }
        guard integerPart.count <= Self.maxIntegerDigits else {
            throw reject("at most \(Self.maxIntegerDigits) digits before the '.'")
        }
        guard fractionPart.allSatisfy(isDigit) else {
            throw reject("digits 0-9 after the '.', nothing else")
        }
        guard dot == nil || (1...2).contains(fractionPart.count) else {
            throw reject(fractionPart.isEmpty ? "at least one digit after the '.'" : "at most 2 decimal places")
        }
        var cents: Int64 = 0
        for byte in integerPart { cents = cents * 10 + Int64(byte - UInt8(ascii: "0")) }
        var fractionDigits = Array(fractionPart)
        while fractionDigits.count < 2 { fractionDigits.append(UInt8(ascii: "0")) }
        for byte in fractionDigits { cents = cents * 10 + Int64(byte - UInt8(ascii: "0")) }
        self.init(uncheckedCents: cents)
    }
}
