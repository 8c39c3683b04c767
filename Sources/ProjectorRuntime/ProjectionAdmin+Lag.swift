import Foundation
import RedisClient

extension ProjectionAdmin {
    /// The lag of a generation (the live one by default) on every partition: events
    /// behind (XINFO GROUPS lag + pending) and the age of the oldest unapplied event.
    public func lag(generation: ReadModelGeneration? = nil) async throws -> ProjectionLag {
        let generation = try await stores.resolve(generation)
        let logs = try await stores.openEventStore().keys.logs
        let group = projection.groupName(generation)
        var partitions: [PartitionLag] = []
        for (partition, log) in logs.enumerated() {
            partitions.append(try await partitionLag(partition: partition, log: log, group: group))
        }
        return ProjectionLag(projection: projection.name, generation: generation, partitions: partitions, measuredAt: Date())
    }

    /// Waits until a generation is live and has applied every event of every log,
    /// checking every `interval`; throws ``ProjectorError/Kind/timedOut`` (naming how far
    /// behind it was) after `timeout`.
    public func waitUntilCaughtUp(timeout: Duration = .seconds(30), interval: Duration = .milliseconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        var last: ProjectionLag?
        while ContinuousClock.now < deadline {
            if try await liveGeneration() != nil {
                let lag = try await lag()
                if lag.isCaughtUp { return }
                last = lag
            }
            try await Task.sleep(for: interval)
        }
        throw ProjectorError(
            .timedOut, "the projectors did not catch up within \(timeout): \(last.map { "\($0.eventsBehind) events behind" } ?? "no live generation")")
    }

    private func partitionLag(partition: Int, log: String, group: String) async throws -> PartitionLag {
        let redis = stores.writeStore
        guard let info = try await redis.xinfoGroups(log).first(where: { $0.name == group }) else {
            // No projector has read this log yet: everything is behind.
            let first = try await redis.xrange(log, count: 1).first
            let length = try await redis.send(.xlen(log)).int ?? 0
            return PartitionLag(partition: partition, log: log, undelivered: length, pending: 0, entriesRead: 0, oldestUnappliedAt: first.flatMap { Self.appendTime(of: $0.id) })
        }
        var undelivered = info.lag ?? 0
        if info.lag == nil { undelivered = try await countEntries(of: log, after: info.lastDeliveredID) }
        var oldest: [Date] = []
        if info.pending > 0, let smallest = try await redis.xpendingSummary(log, group: group).smallestID {
            oldest += [Self.appendTime(of: smallest)].compactMap { $0 }
        }
        if undelivered > 0, let next = try await redis.xrange(log, start: "(" + info.lastDeliveredID, count: 1).first {
            oldest += [Self.appendTime(of: next.id)].compactMap { $0 }
        }
        return PartitionLag(
            partition: partition, log: log, undelivered: undelivered, pending: info.pending, entriesRead: info.entriesRead,
            oldestUnappliedAt: oldest.min()
        )
    }

    /// Counts entries after `id` when XINFO cannot tell the lag (after deletions).
    private func countEntries(of log: String, after id: String) async throws -> Int64 {
        var count: Int64 = 0
        var start = "(" + id
        while true {
            let page = try await stores.writeStore.xrange(log, start: start, count: 1000)
            count += Int64(page.count)
            guard page.count == 1000, let last = page.last else { return count }
            start = "(" + last.id
        }
    }

    /// The append time of a stream entry, from its id (`<ms>-<seq>`).
    static func appendTime(of entryID: String) -> Date? {
        entryID.split(separator: "-").first.flatMap { Double($0) }.map { Date(timeIntervalSince1970: $0 / 1000) }
    }
}
