import Foundation
import Synchronization

/// Progress of long work on stderr: on a terminal, a bar redrawn in place; otherwise (a
/// log file, a pipe) a plain line every few seconds, and the last state at the end.
final class ProgressBar: Sendable {
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let lineInterval: Duration
    private let lines = Mutex((printedAt: ContinuousClock.Instant?.none, unprinted: String?.none))

    init(lineInterval: Duration = .seconds(2)) {
        self.lineInterval = lineInterval
    }

    /// `done` of `total` `unit`s at `perSecond`, `remaining` to go, then what is going on.
    func show(done: Int64, total: Int64, unit: String, perSecond: Double, remaining: Duration?, phase: String) {
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 0
        let eta = remaining.map { " ETA \($0.components.seconds)s" } ?? ""
        let text = String(format: "%3.0f%% %lld/%lld %@, %.0f/s%@ %@", fraction * 100, done, total, unit, perSecond, eta, phase)
        guard !isTerminal else {
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            return write("\r[\(bar)] \(text)   ")
        }
        let now = ContinuousClock.now
        let due = lines.withLock { lines in
            let due = lines.printedAt.map { now - $0 >= lineInterval } ?? true
            if due { lines.printedAt = now }
            lines.unprinted = due ? nil : text
            return due
        }
        if due { write(text + "\n") }
    }

    func finish() {
        if isTerminal { return write("\n") }
        if let last = lines.withLock({ $0.unprinted }) { write(last + "\n") }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
