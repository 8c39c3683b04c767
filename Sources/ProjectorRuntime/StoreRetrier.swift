import EventSourcing
import Logging
import RedisClient

/// Retries a store call while the store is unreachable, restarting or loading its
/// data, with exponential backoff and jitter; any other error goes to the caller.
///
/// A retried call must be idempotent: applies are (the version guard), acks and
/// group creation are.
struct StoreRetrier: Sendable {
    var minimumDelay: Duration
    var maximumDelay: Duration
    /// Checked between attempts: a stop request ends the wait with ``ProjectorError/Kind/stopped``.
    var shouldStop: @Sendable () -> Bool
    var logger: Logger

    func run<T>(_ what: String, _ body: () async throws -> T) async throws -> T {
        var failures = 0
        while true {
            do {
                return try await body()
            } catch where Self.isTransient(error) {
                failures += 1
                if shouldStop() { throw ProjectorError(.stopped, "stopped while waiting to \(what): \(error)") }
                let delay = backoff(afterFailures: failures)
                if failures == 1 || failures.isMultiple(of: 20) {
                    logger.warning("cannot \(what) (attempt \(failures)): \(error); retrying in \(delay)")
                }
                try await pause(delay)
            }
        }
    }

    /// Sleeps in short slices so a stop request is seen within 50 ms.
    private func pause(_ delay: Duration) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + delay
        while clock.now < deadline {
            if shouldStop() || Task.isCancelled { throw ProjectorError(.stopped, "stopped while waiting for a store") }
            try? await Task.sleep(for: min(.milliseconds(50), deadline - clock.now))
        }
    }

    private func backoff(afterFailures failures: Int) -> Duration {
        let exponential = minimumDelay * (1 << min(failures - 1, 16))
        let capped = min(exponential, maximumDelay)
        return capped * Double.random(in: 0.75...1.0)
    }

    /// Failures that say "try again later" rather than "this request is wrong".
    static func isTransient(_ error: any Error) -> Bool {
        switch error {
        case let error as RedisClientError:
            return [.connectFailed, .notConnected, .connectionClosed, .timeout].contains(error.kind)
        case let error as RedisServerError:
            return error.isTransient
        case let error as EventStoreError:
            return error.kind == .unavailable
        case is MissingLibrary:
            return true
        default:
            return false
        }
    }
}

/// The read store had lost a Function library (a restart without persistence, a flush);
/// it has been loaded again, so the call can be repeated.
struct MissingLibrary: Error, CustomStringConvertible {
    let name: String
    var description: String { "the read store had lost the Function library \(name); it was loaded again" }
}

extension RedisServerError {
    /// A server that is loading, busy, failing over or read-only for now.
    var isTransient: Bool {
        ["LOADING", "BUSY", "TRYAGAIN", "MASTERDOWN", "CLUSTERDOWN", "NOREPLICAS", "READONLY"].contains(code)
    }

    /// The called function does not exist on the server.
    var isMissingFunction: Bool { message.contains("Function not found") }
}

extension RedisFunctionLibrary {
    /// Runs `body`; when the server answers that a function is missing, loads this library
    /// and throws ``MissingLibrary`` so that a ``StoreRetrier`` repeats the call.
    func reloadingIfMissing<T>(on redis: some RedisCommandSender, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as RedisServerError where error.isMissingFunction {
            try await load(on: redis)
            throw MissingLibrary(name: name)
        }
    }
}
