extension Price: Codable {
    /// Decodes a price from a JSON string such as `"19.99"`; JSON numbers are
    /// rejected so no amount is ever read through floating point.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text: String
        do {
            text = try container.decode(String.self)
        } catch {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "a price must be a JSON string like \"19.99\", not a number")
        }
        do {
            self = try Price(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes the canonical text (``description``) as a JSON string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
