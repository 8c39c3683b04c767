import RedisClient

/// What a projection's apply function answered for one event. Every projection's Lua
/// apply function returns `{status, storedVersion}` with one of these statuses.
public enum ApplyReply: Sendable, Hashable {
    /// `version == stored + 1`: the event was applied, with the new version, atomically.
    case applied(version: Int64)
    /// `version <= stored`: already applied (a redelivery); nothing changed.
    case duplicate(storedVersion: Int64)
    /// `version > stored + 1`: earlier events are missing; nothing changed.
    case gap(storedVersion: Int64)
    /// The generation is no longer writable (replaced or abandoned); nothing changed.
    case retired

    /// Parses `{status, storedVersion}`.
    public init(_ reply: RESPValue) throws(ProjectorError) {
        guard let parts = reply.array, parts.count == 2, let status = parts[0].string, let version = parts[1].int else {
            throw ProjectorError(.protocolViolation, "an apply function answered \(reply), expected {status, storedVersion}")
        }
        switch status {
        case "applied": self = .applied(version: version)
        case "duplicate": self = .duplicate(storedVersion: version)
        case "gap": self = .gap(storedVersion: version)
        case "retired": self = .retired
        default: throw ProjectorError(.protocolViolation, "an apply function answered the unknown status '\(status)'")
        }
    }
}
