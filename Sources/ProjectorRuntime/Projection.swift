import EventSourcing
import RedisClient

/// A read model that projectors keep up to date: the runtime (``Projector``) reads the
/// event log, and the projection turns each event into one atomic Redis Function call on
/// the read store.
///
/// The apply function's contract (what makes the exactly-once effect):
/// - it keeps the last applied version per aggregate next to the model, and compares it
///   with the event's version in the same call: `<=` stored answers `duplicate`,
///   `== stored+1` applies and answers `applied`, `> stored+1` answers `gap` and writes
///   nothing (the runtime then fills the gap from the write store);
/// - it writes only while `HGET <root>:gens <gen>` is `building` or `live`, and answers
///   `retired` otherwise;
/// - it answers `{status, storedVersion}` (see ``ApplyReply``).
public protocol Projection: Sendable {
    /// The projection's name, used in consumer group names (`<name>:<gen>`), e.g. `products`.
    var name: String { get }
    /// Where the projection's read models live in the read store.
    var layout: ReadStoreLayout { get }
    /// The Lua library with the apply function; the runtime loads it on the read store.
    var library: RedisFunctionLibrary { get }

    /// Whether the projection applies this event at all. Events it does not handle are
    /// acknowledged and skipped (e.g. other aggregate types).
    func handles(_ envelope: EventEnvelope) -> Bool

    /// The apply call for one event into `generation`. Throws when the event cannot be
    /// decoded: the runtime retries it and, after too many deliveries, dead-letters it.
    func applyCommand(for envelope: EventEnvelope, in generation: ReadModelGeneration) throws -> RedisCommand

    /// A call that records `version` of the aggregate as applied without changing the
    /// model (used by ``DeadLetterQueue/drop(ids:)``). It answers like the apply function.
    func skipCommand(aggregateType: String, aggregateId: String, version: Int64, in generation: ReadModelGeneration) -> RedisCommand

    /// Every read-model key `events` should produce in `generation`, computed in memory:
    /// the oracle of ``ProjectionAdmin/verify(generation:maxDifferences:)``. `events` are
    /// in log order per partition, so each aggregate's events come in version order.
    /// Events the projection cannot decode go to ``ExpectedReadModel/undecodable``.
    func expectedModel(from events: [EventEnvelope], in generation: ReadModelGeneration) -> ExpectedReadModel
}

extension Projection {
    /// The consumer group of this projection for one generation: `products:g3`.
    public func groupName(_ generation: ReadModelGeneration) -> String { "\(name):\(generation.name)" }
}
