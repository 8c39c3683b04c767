import Foundation

/// The identifiers that tie events to the command that produced them.
///
/// - `commandId` identifies the command (and makes retries idempotent),
/// - `correlationId` is shared by every command and event of one business flow,
/// - `causationId` is the id of the message (command or event) that caused this command.
public struct CommandMetadata: Sendable, Hashable {
    /// The id of the command; retries of the same command reuse it.
    public var commandId: UUID
    /// The id shared by everything in the same business flow.
    public var correlationId: UUID
    /// The id of the message that caused this command.
    public var causationId: UUID

    /// Metadata with every identifier given explicitly.
    public init(commandId: UUID, correlationId: UUID, causationId: UUID) {
        self.commandId = commandId
        self.correlationId = correlationId
        self.causationId = causationId
    }

    /// Metadata for a command that starts a flow: its correlation and causation
    /// ids are the command id itself.
    public init(commandId: UUID) {
        self.init(commandId: commandId, correlationId: commandId, causationId: commandId)
    }
}
