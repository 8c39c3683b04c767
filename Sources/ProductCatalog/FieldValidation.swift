/// The field rules of product commands. Each check throws an `.invalidField`
/// error naming the JSON field, the rule and the value received.
enum FieldValidation {
    static func positiveId(_ value: Int64, field: String) throws(ProductCatalogError) {
        guard value > 0 else {
            throw .invalidField(field, "\(field) must be a positive integer, got \(value)")
        }
    }

    static func inRange<T: BinaryInteger>(_ value: T, _ range: ClosedRange<T>, field: String)
        throws(ProductCatalogError)
    {
        guard range.contains(value) else {
            throw .invalidField(
                field, "\(field) must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
        }
    }

    static func name(_ name: String) throws(ProductCatalogError) {
        let field = "name"
        let length = name.count
        guard (1...ProductLimits.nameMaxLength).contains(length) else {
            throw .invalidField(
                field, "\(field) must be between 1 and \(ProductLimits.nameMaxLength) characters, got \(length)")
        }
        guard !name.allSatisfy(\.isWhitespace) else {
            throw .invalidField(field, "\(field) must not be blank, got only whitespace")
        }
        try noControlCharacters(name, allowed: [], field: field, rule: "control characters")
    }

    static func description(_ description: String) throws(ProductCatalogError) {
        let field = "description"
        let length = description.count
        guard length <= ProductLimits.descriptionMaxLength else {
            throw .invalidField(
                field,
                "\(field) must be at most \(ProductLimits.descriptionMaxLength) characters, got \(length)")
        }
        try noControlCharacters(
            description, allowed: ["\n", "\t"], field: field,
            rule: "control characters other than newline and tab")
    }

    static func unitPrice(_ price: Price) throws(ProductCatalogError) {
        guard price > .zero, price <= ProductLimits.maxUnitPrice else {
            throw .invalidField(
                "unitPrice", "unitPrice must be greater than 0 and at most \(ProductLimits.maxUnitPrice), got \(price)")
        }
    }

    /// Rejects Unicode general category Cc (C0/C1 controls and DEL) except `allowed`.
    private static func noControlCharacters(
        _ text: String, allowed: Set<Unicode.Scalar>, field: String, rule: String
    ) throws(ProductCatalogError) {
        for (offset, scalar) in text.unicodeScalars.enumerated()
        where scalar.properties.generalCategory == .control && !allowed.contains(scalar) {
            let code = String(scalar.value, radix: 16, uppercase: true)
            let padded = String(repeating: "0", count: max(0, 4 - code.count)) + code
            throw .invalidField(
                field, "\(field) must not contain \(rule), found U+\(padded) at scalar offset \(offset)")
        }
    }
}
