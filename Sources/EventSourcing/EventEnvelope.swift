import Foundation

/// One stored event: the serialized domain event plus the metadata the event
/// store, projectors and tracing need.
public struct EventEnvelope: Sendable, Hashable {
    /// Unique id of this event.
    public var eventId: UUID
    /// Stable stored name of the event, e.g. `"ProductRated"`; never a Swift type name.
    public var eventType: String
    /// Schema version of `payload` (starts at 1).
    public var schemaVersion: Int
    /// Kind of aggregate that emitted the event, e.g. `"Product"`.
    public var aggregateType: String
    /// Id of the aggregate instance within its type, e.g. `"42"`.
    public var aggregateId: String
    /// The aggregate version this event produced; the first event of a stream is 1.
    public var version: Int64
    /// When the event was recorded, at millisecond precision.
    public var timestamp: Date
    /// The command that produced the event.
    public var commandId: UUID
    /// Shared by everything in the same business flow.
    public var correlationId: UUID
    /// The message that caused the command that produced the event.
    public var causationId: UUID
    /// The event body: UTF-8 JSON at `schemaVersion`.
    public var payload: [UInt8]
    /// The log entry id the event was read from; `nil` before it is appended.
    public var position: String?

    /// Creates an envelope. `timestamp` is rounded to the nearest millisecond,
    /// the precision the store keeps, so an envelope equals its stored round trip.
    public init(
        eventId: UUID,
        eventType: String,
        schemaVersion: Int,
        aggregateType: String,
        aggregateId: String,
        version: Int64,
        timestamp: Date,
        commandId: UUID,
        correlationId: UUID,
        causationId: UUID,
        payload: [UInt8],
        position: String? = nil
    ) {
        self.eventId = eventId
        self.eventType = eventType
        self.schemaVersion = schemaVersion
        self.aggregateType = aggregateType
        self.aggregateId = aggregateId
        self.version = version
        self.timestamp = Self.millisecondPrecision(timestamp)
        self.commandId = commandId
        self.correlationId = correlationId
        self.causationId = causationId
        self.payload = payload
        self.position = position
    }

    /// `timestamp` as whole milliseconds since 1970-01-01T00:00:00Z.
    public var timestampMilliseconds: Int64 {
        Int64((timestamp.timeIntervalSince1970 * 1000).rounded())
    }

    /// The date for a count of milliseconds since 1970, as stored in the log.
    public static func date(millisecondsSince1970 milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// `date` rounded to the nearest millisecond.
    public static func millisecondPrecision(_ date: Date) -> Date {
        Self.date(millisecondsSince1970: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }

    /// A copy of this envelope with `position` set, as read back from the log.
    public func withPosition(_ position: String?) -> EventEnvelope {
        var copy = self
        copy.position = position
        return copy
    }
}
