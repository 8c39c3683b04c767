import EventSourcing

/// What became of a command, in five values: the `outcome` label of
/// `cqrs_command_duration_seconds`.
public enum CommandOutcome: String, Sendable, Hashable, CaseIterable {
    /// Applied now (200, 201), also when it changed nothing.
    case accepted
    /// Its command id had already succeeded: the first outcome was answered again (200, 201).
    case duplicate
    /// Refused for the request or the domain's rules, nothing written: 400, 404, 409,
    /// 413, 422 (also a command id reused for another product).
    case rejected
    /// A version conflict, nothing written: 412 (the caller's expected version), or 503
    /// when the handler's retries ran out against concurrent writers.
    case conflict
    /// A failure of the store or of ours: 500, and 503 for an unavailable store or a
    /// shutdown (the command may or may not have been applied).
    case error

    /// The outcome of a failed command: its problem, and the error behind it.
    init(_ problem: CommandProblem, cause: (any Error)?) {
        if let cause = cause as? EventStoreError, cause.kind == .conflict {
            self = .conflict
        } else {
            self = problem.status < 500 ? .rejected : .error
        }
    }
}
