import Synchronization

/// A one-shot wake-up for a read-your-writes wait: fired when the near cache learns that
/// the product it watches changed (or that it can no longer tell).
final class ChangeSignal: Sendable {
    private let state = Mutex<(fired: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    /// Fires the signal; a later or current ``wait(upTo:)`` returns at once.
    func fire() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.fired = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    var hasFired: Bool { state.withLock { $0.fired } }

    /// Returns when the signal fires or after `limit`, whichever comes first.
    func wait(upTo limit: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.fired() }
            group.addTask { try? await Task.sleep(for: limit) }
            await group.next()
            group.cancelAll()
            fire()  // releases the first task when the time ran out
        }
    }

    private func fired() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let already = state.withLock { state -> Bool in
                if state.fired { return true }
                state.waiter = continuation
                return false
            }
            if already { continuation.resume() }
        }
    }
}
