import EventSourcing

extension ProductEvent: EventCodable {
    /// The stored type name, e.g. `"ProductRated"`.
    public var eventType: String { storedType.rawValue }

    /// `ProductRated` is at schema version 2; every other event at 1.
    public static let currentSchemaVersions: [String: Int] = Dictionary(
        uniqueKeysWithValues: StoredType.allCases.map { ($0.rawValue, $0.currentSchemaVersion) })

    /// Compact JSON with sorted camelCase keys at the current schema version; a price is
    /// a string (`"19.99"`). `ProductRated` v2 writes `previousRating` as `null` when
    /// absent, so a v1 payload (without the key) cannot pass as v2. Byte for byte what
    /// `JSONEncoder` with `.sortedKeys` wrote before (the tests compare the two).
    public func encodedPayload() throws -> [UInt8] {
        var json = JSONObjectWriter()
        switch self {
        case .productAdded(let id, let name, let description, let unitPrice):
            json.string("description", description)
            json.integer("id", id)
            json.string("name", name)
            json.string("unitPrice", unitPrice.description)
        case .productRated(let productId, let userId, let rating, let previousRating):
            if let previousRating { json.integer("previousRating", previousRating) } else { json.null("previousRating") }
            json.integer("productId", productId)
            json.integer("rating", rating)
            json.integer("userId", userId)
        case .inventoryAdded(let productId, let quantity, let newStock), .itemsShipped(let productId, let quantity, let newStock):
            json.integer("newStock", newStock)
            json.integer("productId", productId)
            json.integer("quantity", quantity)
        case .stockRecounted(let productId, let previousStock, let newStock):
            json.integer("newStock", newStock)
            json.integer("previousStock", previousStock)
            json.integer("productId", productId)
        }
        return json.finish()
    }

    /// Decodes a payload at the current schema version of `eventType`.
    /// Older payloads must go through ``upcasterChain`` first. Keys are read in the
    /// order `JSONDecoder` read them, so the first problem reported is the same.
    ///
    /// - Throws: ``EventSourcingError`` of kind `.unknownEventType` or
    ///   `.payloadMismatch` (naming the missing or mistyped key).
    public static func decode(eventType: String, payload: [UInt8]) throws -> ProductEvent {
        guard let type = StoredType(rawValue: eventType) else {
            throw EventSourcingError.unknownEventType(
                eventType, domain: "ProductEvent", known: StoredType.allCases.map(\.rawValue))
        }
        do {
            let p = try JSONPayload(parsing: payload)
            switch type {
            case .productAdded:
                return .productAdded(id: try p.int64("id"), name: try p.string("name"), description: try p.string("description"), unitPrice: try p.price("unitPrice"))
            case .productRated:
                return .productRated(productId: try p.int64("productId"), userId: try p.int64("userId"), rating: try p.int("rating"), previousRating: try p.optionalInt("previousRating"))
            case .inventoryAdded:
                return .inventoryAdded(productId: try p.int64("productId"), quantity: try p.int64("quantity"), newStock: try p.int64("newStock"))
            case .itemsShipped:
                return .itemsShipped(productId: try p.int64("productId"), quantity: try p.int64("quantity"), newStock: try p.int64("newStock"))
            case .stockRecounted:
                return .stockRecounted(productId: try p.int64("productId"), previousStock: try p.int64("previousStock"), newStock: try p.int64("newStock"))
            }
        } catch {
            throw EventSourcingError.payloadMismatch(eventType, schemaVersion: type.currentSchemaVersion, error: error)
        }
    }
}

extension JSONPayload {
    /// A price, which must be a JSON string (`"19.99"`), never a number; errors read as
    /// `Price`'s `Decodable` conformance words them.
    func price(_ key: String) throws -> Price {
        guard let value = members[key] else { throw Mismatch("missing key \"\(key)\"") }
        guard case .string(let text) = value else {
            throw Mismatch("a price must be a JSON string like \"19.99\", not a number at \(key)")
        }
        do {
            return try Price(parsing: text)
        } catch {
            throw Mismatch("\(error.description) at \(key)")
        }
    }
}
