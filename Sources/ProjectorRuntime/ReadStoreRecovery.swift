import Logging
import RedisClient

/// Re-applies what a read store may have lost in a crash.
///
/// A read store with `appendfsync everysec` can lose about the last second of applies
/// when its machine crashes, while their log entries stay acknowledged on the write
/// store, so no consumer group would deliver them again. Each instance therefore keeps
/// a mark in the read store (`<root>:<generation>:synced`, a hash): the read store's
/// `run_id`, and per partition log a low-water position below which every entry had
/// been applied (and acknowledged) when the mark was written (`cqrs_rt_mark`, only
/// while the server's run id is the one the check started with). The mark is rewritten
/// every ``ProjectorConfiguration/pointerCheckInterval``, so the copy that survives a
/// crash is at most a few seconds old and still conservative. When an instance finds a
/// mark with another `run_id`, the read store has restarted since: it re-applies every
/// log from the mark's position up to what the group has delivered, through the same
/// version guard (so what survived answers `duplicate`), then writes a fresh mark.
/// Several instances may do it at once; the guard makes that harmless.
struct ReadStoreRecovery<P: Projection>: Sendable {
    let applier: EventApplier<P>
    let stores: ProjectionStores<P>
    let logs: [String]
    let pageSize: Int

    private var readStore: RedisClient { stores.readStore }
    private var writeStore: RedisClient { stores.writeStore }
    private var mark: String { stores.projection.layout.synced(applier.generation) }

    /// Replays if the read store restarted since the mark was written, then marks.
    /// Returns how many entries were re-applied.
    ///
    /// Why it is safe: the run id and the mark are read in one call, so they come from
    /// one server life. A mark is written (`cqrs_rt_mark`) only if the server still has
    /// the run id read at the start, so a mark with this life's run id means no restart
    /// since it was written. Positions are taken after that read, so everything below
    /// them was applied in this life and reached the AOF before the mark did: when a
    /// crash keeps the mark, it kept those applies too.
    @discardableResult
    func check() async throws -> Int {
        let state = try await ProjectorLibrary.library.reloadingIfMissing(on: readStore) {
            try await readStore.send(.fcallReadOnly("cqrs_rt_sync_state", keys: [mark], arguments: []))
        }
        guard let parts = state.array, parts.count == 2, let runId = parts[0].string else {
            throw ProjectorError(.protocolViolation, "cqrs_rt_sync_state answered \(state)")
        }
        let stored = try parts[1].fieldPairs(for: "cqrs_rt_sync_state")
        var replayed = 0
        if let storedRun = stored["runId"], storedRun != runId {
            // A planned restart lands here too (nothing to re-apply then), so not a warning.
            stores.logger.notice("the read store restarted since the last mark (run id \(storedRun.prefix(8)) → \(runId.prefix(8))); re-applying the log from the mark in case it lost its last writes")
            let groups = try await groups()
            for log in logs {
                guard let group = groups[log] else { continue }
                replayed += try await replay(log, from: stored[log] ?? "-", through: group.lastDeliveredID)
            }
            stores.logger.notice("re-applied \(replayed) log entries after the read store's restart (what survived answered duplicate)")
        }
        let lowWater = try await lowWaterMarks()
        let positions = logs.flatMap { log in lowWater[log].map { [RedisArgument.string(log), .string($0)] } ?? [] }
        _ = try await readStore.send(.fcall("cqrs_rt_mark", keys: [mark], arguments: [.string(runId)] + positions))
        return replayed
    }

    /// This generation's group on each log (`XINFO GROUPS`, one pipeline); logs without
    /// the group are left out.
    private func groups() async throws -> [String: StreamGroupInfo] {
        let replies = try await writeStore.pipeline(logs.map { RedisCommand.xinfoGroups($0) })
        var groups: [String: StreamGroupInfo] = [:]
        for (log, reply) in zip(logs, replies) {
            groups[log] = try StreamGroupInfo.list(reply.get()).first { $0.name == applier.group }
        }
        return groups
    }

    /// Per log, an XRANGE start before which every entry was applied and acknowledged:
    /// the oldest pending entry, else just after the last delivered one. Two pipelines:
    /// the groups' positions, then XPENDING for the logs that have pending entries.
    private func lowWaterMarks() async throws -> [String: String] {
        // The group's position first: an entry delivered and acknowledged after this
        // read lies after it, so it is never below the mark.
        let groups = try await groups()
        var marks = groups.mapValues { "(" + $0.lastDeliveredID }
        let pending = logs.filter { (groups[$0]?.pending ?? 0) > 0 }
        let summaries = try await writeStore.pipeline(pending.map { RedisCommand.xpending($0, group: applier.group) })
        for (log, reply) in zip(pending, summaries) {
            if let smallest = try StreamPendingSummary(reply.get()).smallestID { marks[log] = smallest }
        }
        return marks
    }

    /// Re-applies the entries of `log` from `start` through `last` (the group's last
    /// delivered entry), a page at a time, without acknowledging or parking anything.
    private func replay(_ log: String, from start: String, through last: String) async throws -> Int {
        guard last != "0-0" else { return 0 }
        var next = start
        var count = 0
        while true {
            try Task.checkCancellation()
            let page = try await writeStore.xrange(log, start: next, end: last, count: pageSize)
            guard let final = page.last else { return count }
            _ = try await applier.apply(page.map { DeliveredEntry(log: log, entry: $0, deliveries: 0) }, parking: false)
            count += page.count
            next = "(" + final.id
        }
    }
}
