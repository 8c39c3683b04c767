import EventSourcing
import ProductCatalog
import ProjectorRuntime

/// The product read models computed in memory from events, exactly as
/// `cqrs_rm_apply` writes them: the oracle of verify. Each product's events must come in
/// version order; products may interleave in any order.
struct ProductModelBuilder {
    private struct Row {
        var fields: [String: String]
        var ratings: [String: Int] = [:]
        var ratingSum = 0
    }

    let keys: ProductReadModelKeys
    let relatedRatingsPerUser: Int
    private var rows: [String: Row] = [:]
    private var names: [String: Double] = [:]
    /// user → product → time of the user's latest rating of it (epoch ms).
    private var latestRatings: [String: [String: Int64]] = [:]
    private var eventsApplied = 0

    init(keys: ProductReadModelKeys, relatedRatingsPerUser: Int) {
        self.keys = keys
        self.relatedRatingsPerUser = relatedRatingsPerUser
    }

    mutating func apply(_ event: ProductEvent, envelope: EventEnvelope) {
        let id = envelope.aggregateId
        switch event {
        case .productAdded(_, let name, let description, let unitPrice):
            rows[id] = Row(fields: [
                "id": id, "name": name, "description": description, "unitPrice": unitPrice.description,
                "currentStock": "0", "isOutOfStock": "true", "ratingSum": "0", "ratingCount": "0", "userRating": "0.00",
            ])
            names[ProductNameFolding.fold(name) + "\0" + id] = 0
        case .productRated(_, let userId, let rating, _):
            let user = String(userId)
            var row = rows[id, default: Row(fields: [:])]
            row.ratingSum += rating - (row.ratings[user] ?? 0)
            row.ratings[user] = rating
            row.fields["ratingSum"] = String(row.ratingSum)
            row.fields["ratingCount"] = String(row.ratings.count)
            row.fields["userRating"] = Self.averageText(sum: row.ratingSum, count: row.ratings.count)
            rows[id] = row
            latestRatings[user, default: [:]][id] = max(latestRatings[user]?[id] ?? .min, envelope.timestampMilliseconds)
        case .inventoryAdded(_, _, let stock), .itemsShipped(_, _, let stock), .stockRecounted(_, _, let stock):
            rows[id, default: Row(fields: [:])].fields["currentStock"] = String(stock)
            rows[id, default: Row(fields: [:])].fields["isOutOfStock"] = stock == 0 ? "true" : "false"
        }
        rows[id, default: Row(fields: [:])].fields["version"] = String(envelope.version)
        eventsApplied += 1
    }

    /// Every key with its content.
    func model() -> [String: ReadModelValue] {
        var model: [String: ReadModelValue] = [:]
        var outOfStock: [String: Double] = [:]
        var topRated: [String: Double] = [:]
        for (id, row) in rows {
            model[keys.product(id)] = .hash(row.fields)
            if row.fields["currentStock"] == "0" { outOfStock[id] = Double(id) ?? 0 }
            if !row.ratings.isEmpty {
                model[keys.ratings(id)] = .hash(row.ratings.mapValues(String.init))
                topRated[id] = Double(row.ratingSum) / Double(row.ratings.count)
            }
        }
        var related: [String: [String: Double]] = [:]
        for (user, products) in latestRatings {
            let recent = Self.mostRecent(products, limit: relatedRatingsPerUser)
            model[keys.recentRatings(user: user)] = .sortedSet(recent.mapValues(Double.init))
            for a in recent.keys {
                for b in recent.keys where a != b { related[a, default: [:]][b, default: 0] += 1 }
            }
        }
        for (id, others) in related { model[keys.related(id)] = .sortedSet(others) }
        if !names.isEmpty { model[keys.names] = .sortedSet(names) }
        if !outOfStock.isEmpty { model[keys.outOfStock] = .sortedSet(outOfStock) }
        if !topRated.isEmpty { model[keys.topRated] = .sortedSet(topRated) }
        if eventsApplied > 0 { model[keys.eventsApplied] = .string(String(eventsApplied)) }
        return model
    }

    /// The `limit` greatest (time, product id) pairs, in Redis sorted-set order (score,
    /// then member bytes): what the trimmed `user:<id>:recent` set keeps.
    static func mostRecent(_ products: [String: Int64], limit: Int) -> [String: Int64] {
        let ordered = products.sorted { a, b in
            a.value != b.value ? a.value < b.value : a.key.utf8.lexicographicallyPrecedes(b.key.utf8)
        }
        return Dictionary(uniqueKeysWithValues: ordered.suffix(limit).map { ($0.key, $0.value) })
    }

    /// `"4.33"`: the average rounded half up to hundredths, in integers (as the Lua does).
    static func averageText(sum: Int, count: Int) -> String {
        guard count > 0 else { return "0.00" }
        let hundredths = (sum * 200 + count) / (2 * count)
        let cents = hundredths % 100
        return "\(hundredths / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}
