/// One comparison: our figure against a reference taken in the same run.
public struct BenchmarkRow: Sendable, Codable {
    public let name: String
    public let ours: Double
    public let reference: Double
    public let referenceName: String
    /// The ratio the issue asks for, e.g. 0.7 for "at least 70%".
    public let goal: Double
    public let unit: String

    public var ratio: Double { reference > 0 ? ours / reference : 0 }
    public var meetsGoal: Bool { ratio >= goal }

    /// The ratio in whole percent, or to a tenth where whole percent would hide which
    /// side of the goal it is on (99.8% against "≥ 100%" is not "100% ✘").
    public var ratioText: String {
        let whole = (ratio * 100).rounded()
        let goalPercent = (goal * 100).rounded()
        if goal > 0, (whole >= goalPercent) != meetsGoal {
            // the nearest tenth, unless that too lands on the other side
            var tenths = (ratio * 1000).rounded() / 10
            if (tenths >= goalPercent) != meetsGoal { tenths = (ratio * 1000).rounded(meetsGoal ? .up : .down) / 10 }
            return "\(tenths)%"
        }
        return "\(Int(whole))%"
    }
}

extension [BenchmarkRow] {
    /// A Markdown table, ready for the README.
    public var markdownTable: String {
        var lines = [
            "| benchmark | ours | reference | ratio | goal |",
            "|---|---|---|---|---|",
        ]
        for row in self {
            let ours = "\(Int(row.ours.rounded()).formatted()) \(row.unit)"
            let reference = "\(Int(row.reference.rounded()).formatted()) \(row.unit) (\(row.referenceName))"
            let ratio = row.ratioText
            let goal = row.goal > 0 ? "≥ \(Int(row.goal * 100))% \(row.meetsGoal ? "✔" : "✘")" : "—"
            lines.append("| \(row.name) | \(ours) | \(reference) | \(ratio) | \(goal) |")
        }
        return lines.joined(separator: "\n")
    }
}

extension Int {
    func formatted() -> String {
        let digits = String(self)
        var result = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0, index % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return String(result.reversed())
    }
}
