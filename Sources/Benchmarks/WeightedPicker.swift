/// Picks one of `items` with probability proportional to its weight.
struct WeightedPicker: Sendable {
    let items: [Int]
    private let cumulative: [Double]

    init(items: [Int], weight: (Int) -> Double) {
        self.items = items
        var total = 0.0
        cumulative = items.map { total += weight($0); return total }
    }

    func pick(using random: inout some RandomNumberGenerator) -> Int {
        let target = Double.random(in: 0..<(cumulative.last ?? 1), using: &random)
        var low = 0, high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > target { high = middle } else { low = middle + 1 }
        }
        return items[low]
    }
}
