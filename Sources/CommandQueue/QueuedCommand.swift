import CommandAPI
import EventSourcing
import Foundation
import RedisClient

/// One entry of the commands stream, read into a ``CommandSubmission`` (or the
/// problem that prevents it) and the id its result is stored under.
struct QueuedCommand: Sendable {
    /// The stream entry id.
    let entryId: String
    /// The lower-case command id, or the entry id when `commandId` is missing or not a UUID.
    let resultId: String
    /// What to run, or why nothing can run.
    let submission: Result<CommandSubmission, CommandProblem>

    /// The entry fields: `commandId`, `type`, `body`, optional `expectedVersion`. Other
    /// fields are ignored (room for tracing fields).
    init(_ entry: StreamEntry) {
        entryId = entry.id
        let commandId = entry["commandId"]
        let parsedId = try? CommandIntake.commandId(commandId, transport: .queue)
        resultId = parsedId?.lowercasedString ?? entry.id
        submission = Result { () throws(CommandProblem) in try Self.submission(entry, commandId: commandId) }
    }

    private static func submission(_ entry: StreamEntry, commandId: String?) throws(CommandProblem) -> CommandSubmission {
        guard let typeName = entry["type"] else {
            throw .badRequest("the entry has no \"type\" field; send one of \(kindList)", field: "type")
        }
        guard let kind = CommandKind(rawValue: typeName) else {
            throw .badRequest("unknown command type \"\(typeName.prefix(60))\"; send one of \(kindList)", field: "type")
        }
        guard let body = entry.bytes("body") else {
            throw .badRequest("the entry has no \"body\" field; send the command's JSON object", field: "body")
        }
        guard commandId != nil else {
            throw .badRequest("the entry has no \"commandId\" field; send a UUID that identifies the command", field: "commandId")
        }
        return CommandSubmission(
            kind: kind, transport: .queue, body: body, commandId: commandId, expectedVersion: entry["expectedVersion"])
    }

    private static var kindList: String { CommandKind.allCases.map(\.rawValue).joined(separator: ", ") }
}
