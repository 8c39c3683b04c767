/// The command queue's key names. Clients write `XADD <prefix>:commands * commandId <uuid>
/// type <CommandKind> body <json> [expectedVersion <n>]` and read the outcome from the
/// hash `<prefix>:command-result:<commandId>`.
public struct CommandQueueKeys: Sendable, Hashable {
    /// The key prefix, `cqrs` by default (the write store's).
    public let prefix: String

    public init(prefix: String = "cqrs") {
        self.prefix = prefix
    }

    /// The consumer group every worker joins.
    public static let group = "command-workers"

    /// `cqrs:commands`: the stream clients add commands to.
    public var stream: String { "\(prefix):commands" }

    /// `cqrs:command-result:<id>`: a command's outcome (hash `status`, `body`, `entryId`),
    /// kept for the result TTL. `id` is the lower-case command id, or the stream entry
    /// id for an entry without a valid `commandId`.
    public func result(_ id: String) -> String { "\(prefix):command-result:\(id)" }
}
