import Synchronization

/// Lets the commands of one aggregate run one at a time within this process, in
/// arrival order; commands of different aggregates run in parallel.
///
/// Correctness does not depend on it (the store's expected-version check does that,
/// across processes too). It saves work: 50 concurrent requests for one product would
/// otherwise load, decide and conflict up to 50 times each, and could exhaust the
/// handler's retries. Waiting is a suspended continuation, never a blocked thread.
public final class AggregateGate: Sendable {
    private struct State {
        /// Keys being worked on, with the continuations waiting for each, in order.
        var queues: [String: [CheckedContinuation<Void, Never>]] = [:]
        var waiting = 0
        var peakWaiting = 0

        /// Takes `key` if nobody holds it.
        mutating func take(_ key: String) -> Bool {
            guard queues[key] == nil else { return false }
            queues[key] = []
            return true
        }
    }

    private let state = Mutex(State())

    public init() {}

    /// The most callers that were ever waiting at once (for metrics and tests).
    public var peakWaiting: Int { state.withLock { $0.peakWaiting } }

    /// Runs `body` once no other call for `key` is running.
    public func run<T>(_ key: String, _ body: () async throws -> T) async rethrows -> T {
        await acquire(key)
        defer { release(key) }
        return try await body()
    }

    private func acquire(_ key: String) async {
        // A free key (the usual case) is taken without a continuation.
        guard !state.withLock({ $0.take(key) }) else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let free = state.withLock { state -> Bool in
                // Released since the first look: take it after all.
                guard !state.take(key) else { return true }
                state.queues[key]?.append(continuation)
                state.waiting += 1
                state.peakWaiting = max(state.peakWaiting, state.waiting)
                return false
            }
            if free { continuation.resume() }
        }
    }

    private func release(_ key: String) {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard var queue = state.queues[key], !queue.isEmpty else {
                state.queues[key] = nil
                return nil
            }
            let next = queue.removeFirst()
            state.queues[key] = queue
            state.waiting -= 1
            return next
        }
        next?.resume()  // hands the key over: it stays taken
    }
}
