import EventSourcing
import RedisClient

extension RedisEventStore {
    /// Versions `from...to` of one aggregate, as ``readEvents(ranges:)`` takes them.
    public struct VersionRange: Sendable, Hashable {
        public var aggregateType: String
        public var aggregateId: String
        public var from: Int64
        public var to: Int64

        public init(aggregateType: String, aggregateId: String, from: Int64, to: Int64) {
            self.aggregateType = aggregateType
            self.aggregateId = aggregateId
            self.from = from
            self.to = to
        }
    }

    /// The events of several aggregates by version, one list per range, in one
    /// pipeline of `cqrs_read_versions` calls. A range the pipeline did not answer
    /// whole (longer than one call returns, or refused) is read again on its own with
    /// ``readEvents(aggregateType:aggregateId:from:to:)``, which pages and maps errors.
    public func readEvents(ranges: [VersionRange]) async throws -> [[EventEnvelope]] {
        let commands = ranges.map { readVersions("\($0.aggregateType):\($0.aggregateId)", from: max(1, $0.from), to: $0.to) }
        // A failed pipeline leaves every range to the single reads and their errors.
        let replies = try? await redis.pipeline(commands)
        var events: [[EventEnvelope]] = []
        for (index, range) in ranges.enumerated() {
            if case .success(let value)? = replies?[index], let page = try? Self.envelopes(value.array ?? [], command: "cqrs_read_versions"),
               page.last.map({ $0.version >= range.to }) ?? (range.to < max(1, range.from)) {
                events.append(page)
            } else {
                events.append(try await readEvents(aggregateType: range.aggregateType, aggregateId: range.aggregateId, from: range.from, to: range.to))
            }
        }
        return events
    }
}
