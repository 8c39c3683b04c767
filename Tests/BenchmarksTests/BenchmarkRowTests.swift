@testable import Benchmarks
import Testing

@Suite("BenchmarkRow: the ratio as the README shows it")
struct BenchmarkRowTests {
    private func row(_ ours: Double, _ reference: Double, goal: Double) -> BenchmarkRow {
        BenchmarkRow(name: "x", ours: ours, reference: reference, referenceName: "r", goal: goal, unit: "ops/s")
    }

    @Test func wholePercentWhereItShowsTheSideOfTheGoal() {
        #expect(row(37, 100, goal: 0.4).ratioText == "37%")
        #expect(row(41, 100, goal: 0.4).ratioText == "41%")
        #expect(row(311, 100, goal: 1).ratioText == "311%")
        #expect(row(1, 3, goal: 0).ratioText == "33%")
    }

    @Test func tenthsWhereWholePercentWouldHideAMiss() {
        // 7,313 against 7,329: 99.78%, which rounds to the goal's 100%
        let missed = row(7313, 7329, goal: 1)
        #expect(!missed.meetsGoal)
        #expect(missed.ratioText == "99.8%")
        #expect(row(39.6, 100, goal: 0.4).ratioText == "39.6%")
        #expect(row(39.99, 100, goal: 0.4).ratioText == "39.9%")
        #expect(row(40, 100, goal: 0.4).ratioText == "40%")
    }

    @Test func tableShowsTheRatioText() {
        let table = [row(7313, 7329, goal: 1)].markdownTable
        #expect(table.contains("| 99.8% | ≥ 100% ✘ |"), "\(table)")
    }
}
