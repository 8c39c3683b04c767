import Foundation

/// A consistency boundary written as pure functions.
///
/// `decide` turns a command and the current state into new events (or throws
/// to reject the command); `evolve` applies one event to a state. Neither does
/// I/O, reads clocks or generates ids, so both are trivially testable and the
/// same events always fold into the same state.
public protocol Aggregate {
    /// The state rebuilt from the aggregate's events; `Codable` for snapshots.
    associatedtype State: Sendable & Codable & Equatable
    /// The commands this aggregate handles.
    associatedtype Command: Sendable
    /// The events this aggregate emits.
    associatedtype Event: EventCodable

    /// Stable stored name of the aggregate kind, e.g. `"Product"`.
    static var aggregateType: String { get }

    /// The state of an aggregate that has no events yet.
    static var initialState: State { get }

    /// Schema version of the encoded `State` in snapshots; bump it whenever the
    /// encoding changes so stale snapshots are ignored and rebuilt from events.
    static var snapshotSchemaVersion: Int { get }

    /// The snapshot form of `state`, read back with `JSONDecoder`. By default
    /// `JSONEncoder`'s output; an aggregate whose state is large (a product's ratings)
    /// writes its own, faster.
    static func encodeSnapshot(_ state: State) throws -> [UInt8]

    /// The id of the aggregate instance `command` addresses.
    static func aggregateId(of command: Command) -> String

    /// Decides which events `command` produces given `state`.
    /// Throws to reject the command; an empty array means "accepted, nothing changed".
    static func decide(_ command: Command, state: State) throws -> [Event]

    /// Applies one event to a state. Must be total: it never fails.
    ///
    /// `state` is consumed: a caller that hands over its only copy (as ``fold(_:from:)``
    /// does) lets `evolve` change it in place, where a borrowed state would have to be
    /// copied first (a product's ratings, say, on every rating).
    static func evolve(_ state: consuming State, _ event: Event) -> State
}

extension Aggregate {
    /// `JSONEncoder`'s encoding of `state`.
    @inlinable
    public static func encodeSnapshot(_ state: State) throws -> [UInt8] {
        Array(try JSONEncoder().encode(state))
    }
}
