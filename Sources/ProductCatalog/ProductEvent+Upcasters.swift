import EventSourcing

extension ProductEvent {
    /// Every upcaster of product events, oldest first.
    public static let upcasters: [Upcaster] = [productRatedV1ToV2]

    /// `ProductRated` v1 → v2: v1 had no `previousRating`; every v1 rating is
    /// treated as the user's first, so the key is added as `null`.
    public static let productRatedV1ToV2 = Upcaster(
        eventType: StoredType.productRated.rawValue, fromSchemaVersion: 1
    ) { payload in
        var payload = payload
        if payload["previousRating"] == nil {
            payload["previousRating"] = .null
        }
        return payload
    }

    /// The chain that decodes stored product events of any schema version.
    public static let upcasterChain = UpcasterChain<ProductEvent>(upcasters)
}
