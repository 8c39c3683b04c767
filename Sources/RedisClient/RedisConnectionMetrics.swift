import CoreMetrics

/// The counters a ``ManagedConnection`` reports to, through swift-metrics (so this module
/// needs no metrics backend; the `cqrs` processes bootstrap Prometheus):
///
/// - `cqrs_redis_errors_total{client,kind}`: each failed call or error reply, by ``ErrorKind``;
/// - `cqrs_redis_reconnects_total{client}`: each connection opened again after one was
///   lost or an attempt failed.
///
/// `client` is ``RedisConfiguration/metricsLabel`` (`write`, `read`, `replica` in the
/// `cqrs` processes). Every series exists from the start, at 0.
struct RedisConnectionMetrics: Sendable {
    /// The `kind` label.
    enum ErrorKind: String, CaseIterable, Sendable {
        /// No reply within the command timeout (the command may have run).
        case timeout
        /// Could not connect, not connected (waiting to reconnect), or the connection was
        /// lost with the command in flight.
        case connection
        /// An error reply of Redis itself (`ERR`, `WRONGTYPE`, `NOPERM`, `LOADING`, ...),
        /// also to a function call (`ERR Function not found`, a Lua runtime error).
        case server
        /// An error reply to a Redis Function or script call with a code of the
        /// function's own, such as a version conflict (`CQRS_CONFLICT`): mostly answers,
        /// not faults.
        case script
        /// Bytes that are not RESP.
        case `protocol`
    }

    static let errorsName = "cqrs_redis_errors_total"
    static let reconnectsName = "cqrs_redis_reconnects_total"

    /// Codes of Redis's own replies to a script call (a missing function, a Lua error, a
    /// refusal to run it): counted as `server` errors.
    private static let redisCodes: Set<String> = ["ERR", "LOADING", "BUSY", "READONLY", "MASTERDOWN", "MISCONF", "OOM", "NOPERM", "NOAUTH", "NOSCRIPT"]
    private static let scriptCalls: Set<String> = ["FCALL", "FCALL_RO", "EVAL", "EVAL_RO", "EVALSHA", "EVALSHA_RO"]

    let reconnects: Counter
    private let errors: [ErrorKind: Counter]

    init(client: String, factory: any MetricsFactory) {
        reconnects = Counter(label: Self.reconnectsName, dimensions: [("client", client)], factory: factory)
        errors = Dictionary(uniqueKeysWithValues: ErrorKind.allCases.map { kind in
            (kind, Counter(label: Self.errorsName, dimensions: [("client", client), ("kind", kind.rawValue)], factory: factory))
        })
    }

    /// Counts a call that threw: a transport failure, or an error reply to `command`.
    /// A client shut down on purpose, a task cancelled, or `BUSYGROUP` (the consumer
    /// group exists: the answer every "create if missing" expects) counts nothing.
    func failed(_ error: any Error, command: String) {
        if let kind = Self.kind(of: error, command: command) { errors[kind]?.increment() }
    }

    /// Counts the error replies among a pipeline's results.
    func replies(_ results: RedisPipelineResults, to commands: [RedisCommand]) {
        for (result, command) in zip(results, commands) {
            if case .failure(let error) = result { failed(error, command: command.name) }
        }
    }

    static func kind(of error: any Error, command: String) -> ErrorKind? {
        switch error {
        case let error as RedisServerError where error.code == "BUSYGROUP":
            return nil
        case let error as RedisServerError:
            return scriptCalls.contains(command.uppercased()) && !redisCodes.contains(error.code) ? .script : .server
        case let error as RedisClientError:
            switch error.kind {
            case .timeout: return .timeout
            case .connectFailed, .notConnected, .connectionClosed: return .connection
            case .protocolError: return .protocol
            case .unexpectedReply, .invalidConfiguration, .shutdown: return nil
            }
        default:
            return nil
        }
    }
}
