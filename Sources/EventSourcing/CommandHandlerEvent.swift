/// What a ``CommandHandler`` meets while it handles one command, told to the caller's
/// `observe` closure as it happens (the command API counts them as metrics).
public enum CommandHandlerEvent: Sendable, Hashable {
    /// The aggregate was not at the version the command was decided against: an append
    /// refused by the store's expected-version check, or a caller's expected version
    /// that does not match the loaded aggregate. Told once per conflicting append or check.
    case conflict
    /// After a conflict, the handler catches the state up (from the events the conflict
    /// brought, or a load) and decides again.
    case retry
}
