import Foundation
import ProductCatalog

/// A demo product before any command: what its script is made from.
struct SeedProduct: Sendable {
    let id: Int64
    let name: String
    let description: String
    let price: Price
    /// The noun, as an index into ``SeedVocabulary/nouns``.
    let category: Int
    /// The mean of its stars, 1.5 to 5.
    let quality: Double
}

typealias SeedRating = (user: Int64, stars: Int)

extension CatalogSeedPlan {
    /// Every product's script, in product id order. The plan must be valid.
    public func scripts() -> [ProductScript] {
        precondition(invalidReason == nil, invalidReason ?? "")
        var random = SeededGenerator(seed: seed)
        let catalogue = makeCatalogue(&random)
        let ratings = assignRatings(catalogue, &random)
        let outOfStock = Set((0..<products).shuffled(using: &random).prefix(outOfStockCount))
        return catalogue.indices.map { index in
            var own = SeededGenerator(seed: seed, stream: UInt64(index))
            return script(catalogue[index], ratings: ratings[index], endsOutOfStock: outOfStock.contains(index), &own)
        }
    }

    private func makeCatalogue(_ random: inout SeededGenerator) -> [SeedProduct] {
        let combinations = (0..<SeedVocabulary.combinations).shuffled(using: &random)
        return (0..<products).map { index in
            let words = SeedVocabulary.words(combinations[index % combinations.count])
            let noun = SeedVocabulary.nouns[words.noun]
            let edition = index / combinations.count  // past 10,000 products, names repeat with a number
            let id = Int64(index + 1)
            return SeedProduct(
                id: id, name: "\(words.adjective) \(words.material) \(noun)" + (edition > 0 ? " No. \(edition + 1)" : ""),
                description: "Demo product \(id): \(Self.article(words.adjective)) \(words.adjective.lowercased()) \(noun.lowercased()) in \(words.material.lowercased()).",
                price: Price(cents: Int64.random(in: 1...499, using: &random) * 100 + 99)!,
                category: words.noun, quality: Double.random(in: 1.5...5, using: &random))
        }
    }

    private static func article(_ word: String) -> String {
        "aeiouæé".contains(word.lowercased().first ?? "x") ? "an" : "a"
    }

    /// Each product's ratings. Users rate evenly many products, 70% of them in two
    /// favourite categories; popularity falls off with a random rank (Zipf-like).
    private func assignRatings(_ catalogue: [SeedProduct], _ random: inout SeededGenerator) -> [[SeedRating]] {
        let ranks = (0..<products).shuffled(using: &random)
        let weight: (Int) -> Double = { 1 / pow(Double(ranks[$0] + 1), 0.8) }
        let everything = WeightedPicker(items: Array(0..<products), weight: weight)
        let categories = Dictionary(grouping: 0..<products) { catalogue[$0].category }
            .sorted { $0.key < $1.key }
            .map { WeightedPicker(items: $0.value, weight: weight) }
        var result = Array(repeating: [SeedRating](), count: products)
        for user in 1...users {
            let count = ratings / users + (user <= ratings % users ? 1 : 0)
            guard count > 0 else { continue }
            let favourites = (0..<2).map { _ in categories.randomElement(using: &random)! }
            for index in pick(count, everything: everything, favourites: favourites, &random) {
                let stars = catalogue[index].quality + Double.random(in: -1.2...1.2, using: &random)
                result[index].append((Int64(user), min(5, max(1, Int(stars.rounded())))))
            }
        }
        return result
    }

    /// `count` distinct product indices.
    private func pick(_ count: Int, everything: WeightedPicker, favourites: [WeightedPicker], _ random: inout SeededGenerator) -> [Int] {
        if count * 2 > products { return Array((0..<products).shuffled(using: &random).prefix(count)) }
        var taken = Set<Int>()
        var picked: [Int] = []
        while picked.count < count {
            let picker = Double.random(in: 0..<1, using: &random) < 0.7 ? favourites.randomElement(using: &random)! : everything
            var candidate = picker.pick(using: &random)
            var tries = 1
            while taken.contains(candidate) {
                candidate = tries < 8 ? picker.pick(using: &random) : (candidate + 1) % products
                tries += 1
            }
            taken.insert(candidate)
            picked.append(candidate)
        }
        return picked
    }

    private enum StockChange { case ship, restock, recount }

    /// Add, stock up, then ratings interleaved at random with shipments, a restock or a
    /// recount; an out-of-stock product ends with its whole stock shipped or recounted to 0.
    private func script(_ product: SeedProduct, ratings: [SeedRating], endsOutOfStock: Bool, _ random: inout SeededGenerator) -> ProductScript {
        let id = product.id
        var stock = Int64.random(in: 5...200, using: &random)
        var commands: [ProductCommand] = [
            .addNewProduct(id: id, name: product.name, description: product.description, unitPrice: product.price),
            .addToInventory(productId: id, quantity: stock),
        ]
        var changes = Array(repeating: StockChange.ship, count: Int.random(in: 0...3, using: &random))
        if Int.random(in: 0..<3, using: &random) == 0 { changes.append(.restock) }
        if Int.random(in: 0..<10, using: &random) == 0 { changes.append(.recount) }
        changes.shuffle(using: &random)
        var pendingRatings = ratings.shuffled(using: &random)[...]
        var pendingChanges = changes[...]
        while !pendingRatings.isEmpty || !pendingChanges.isEmpty {
            if Int.random(in: 0..<(pendingRatings.count + pendingChanges.count), using: &random) < pendingRatings.count {
                let rating = pendingRatings.removeFirst()
                commands.append(.rateProduct(productId: id, userId: rating.user, rating: rating.stars))
            } else {
                commands.append(stockCommand(pendingChanges.removeFirst(), product: id, stock: &stock, &random))
            }
        }
        if endsOutOfStock {
            commands.append(Bool.random(using: &random)
                ? .confirmItemsShipped(productId: id, quantity: stock)
                : .updateStockFromInventoryRecount(productId: id, updatedQuantity: 0))
        }
        return ProductScript(productId: id, commands: commands, commandIds: commands.map { _ in random.uuid() })
    }

    /// A stock change that leaves at least one item: only the out-of-stock ending empties it.
    private func stockCommand(_ change: StockChange, product id: Int64, stock: inout Int64, _ random: inout SeededGenerator) -> ProductCommand {
        switch change {
        case .ship where stock > 1:
            let quantity = Int64.random(in: 1...max(1, stock / 3), using: &random)
            stock -= quantity
            return .confirmItemsShipped(productId: id, quantity: quantity)
        case .ship, .restock:
            let quantity = Int64.random(in: 10...100, using: &random)
            stock += quantity
            return .addToInventory(productId: id, quantity: quantity)
        case .recount:
            stock = Int64.random(in: max(1, stock - 3)...(stock + 3), using: &random)
            return .updateStockFromInventoryRecount(productId: id, updatedQuantity: stock)
        }
    }
}
