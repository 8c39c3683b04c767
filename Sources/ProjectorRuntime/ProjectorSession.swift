import RedisClient

/// One projector instance's work on one generation: read batches, claim idle entries,
/// and notice when the generation stops being the one to write to.
struct ProjectorSession<P: Projection>: Sendable {
    enum End: Sendable, Hashable {
        case stopped
        case generationChanged
    }

    let applier: EventApplier<P>
    let stores: ProjectionStores<P>
    let reader: ManagedConnection
    let logs: [String]
    let configuration: ProjectorConfiguration
    let isStopping: @Sendable () -> Bool

    private var retrier: StoreRetrier { applier.retrier }
    private var group: String { applier.group }

    /// Consumes until stopped or the generation changes, while a second task watches
    /// for read-store restarts (``ReadStoreRecovery``).
    func run() async throws -> End {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await watchReadStore() }
            defer { group.cancelAll() }
            return try await consume()
        }
    }

    private func watchReadStore() async {
        let recovery = ReadStoreRecovery(applier: applier, stores: stores, logs: logs, pageSize: configuration.batchSize)
        var failing = false
        while !isStopping(), !Task.isCancelled {
            do {
                try await recovery.check()
                failing = false
            } catch is CancellationError {
                return
            } catch {
                // Stores down, or the generation retired: the next check tries again.
                if !failing { stores.logger.warning("the read store restart check failed (retrying every \(configuration.pointerCheckInterval)): \(error)") }
                failing = true
            }
            try? await Task.sleep(for: configuration.pointerCheckInterval)
        }
    }

    private func consume() async throws -> End {
        let clock = ContinuousClock()
        var nextClaim = clock.now
        var nextPointerCheck = clock.now + configuration.pointerCheckInterval
        // While behind (a batch came back full), the next batch is read and prepared
        // (envelopes, apply calls) while the read store applies this one, so our CPU work
        // and the server's overlap; it is sent only after this batch's replies are in, so
        // each aggregate still goes in log order. Caught up, the next read waits for the
        // apply, so that an event arriving meanwhile is in the very next batch. The
        // acknowledgements go out in the background, one batch's at a time.
        var next: (prepared: EventApplier<P>.PreparedBatch, full: Bool)?
        var acknowledging: Task<Void, any Error>?
        do {
            while !isStopping() {
                if clock.now >= nextClaim {
                    try await acknowledging.take()?.value
                    if try await claimIdleEntries() { return .generationChanged }
                    nextClaim = clock.now + configuration.effectiveClaimInterval
                }
                if case .live = configuration.target, clock.now >= nextPointerCheck {
                    let live = try await retrier.run("read the live pointer") { try await stores.liveGeneration() }
                    if live != applier.generation {
                        try await acknowledging.take()?.value
                        return .generationChanged
                    }
                    nextPointerCheck = clock.now + configuration.pointerCheckInterval
                }
                let current: (prepared: EventApplier<P>.PreparedBatch, full: Bool)
                if let ready = next.take() {
                    current = ready
                } else {
                    let batch = try await readBatch()
                    guard !batch.entries.isEmpty else { continue }
                    current = (applier.prepare(batch.entries), batch.full)
                }
                applier.recorder.record { $0.batches += 1 }
                let commands = current.prepared.commands
                let sending = Task { try await applier.applyAll(commands) }
                if current.full, !isStopping() {
                    let ahead = try await readBatch()
                    if !ahead.entries.isEmpty { next = (applier.prepare(ahead.entries), ahead.full) }
                }
                let outcome = try await applier.finish(current.prepared, replies: sending.value)
                try await acknowledging.take()?.value
                acknowledging = Task { try await applier.acknowledge(outcome.acknowledge) }
                if outcome.retired {
                    try await acknowledging.take()?.value
                    return .generationChanged
                }
            }
            try await acknowledging.take()?.value
            // A batch read before the stop is applied too, rather than left pending
            // until another instance claims it.
            if let pending = next.take() {
                applier.recorder.record { $0.batches += 1 }
                if try await applier.process(pending.prepared) { return .generationChanged }
            }
            return .stopped
        } catch let error as RedisServerError where error.code == "NOGROUP" {
            // The generation's groups were destroyed: a rebuild switched, or it was abandoned.
            return .generationChanged
        }
    }

    /// Entries read in one XREADGROUP; `full` when some log had more than one read takes.
    private struct Batch: Sendable {
        var entries: [DeliveredEntry]
        var full: Bool
    }

    /// New entries of every partition log for this consumer, waiting up to the block
    /// time when there are none.
    private func readBatch() async throws -> Batch {
        let perLog = max(16, (configuration.batchSize + logs.count - 1) / logs.count)
        let batch = try await retrier.run("read the partition logs") {
            try await reader.xreadgroup(
                group: group, consumer: configuration.consumer, streams: logs.map { (key: $0, id: ">") }, count: perLog,
                block: configuration.blockTime
            )
        }
        return Batch(
            entries: logs.flatMap { log in (batch[log] ?? []).map { DeliveredEntry(log: log, entry: $0, deliveries: 1) } },
            full: batch.values.contains { $0.count >= perLog })
    }

    /// Takes over entries that have been pending longer than the idle bound (their
    /// consumer died, or their delivery failed) and applies them. True when the
    /// generation turned out to be retired.
    private func claimIdleEntries() async throws -> Bool {
        for log in logs {
            let idle = try await retrier.run("list idle pending entries of \(log)") {
                try await stores.writeStore.xpending(log, group: group, count: configuration.batchSize, minIdle: configuration.claimMinIdle)
            }
            guard !idle.isEmpty else { continue }
            let deliveries = Dictionary(idle.map { ($0.id, Int($0.deliveries)) }, uniquingKeysWith: max)
            let claim = try await retrier.run("claim idle entries of \(log)") {
                try await stores.writeStore.xautoclaim(
                    log, group: group, consumer: configuration.consumer, minIdle: configuration.claimMinIdle, count: configuration.batchSize
                )
            }
            guard !claim.entries.isEmpty else { continue }
            applier.recorder.record {
                $0.claimed += claim.entries.count
                $0.batches += 1
            }
            // XAUTOCLAIM counted one more delivery.
            let entries = claim.entries.map { DeliveredEntry(log: log, entry: $0, deliveries: (deliveries[$0.id] ?? 0) + 1) }
            if try await applier.process(entries) { return true }
        }
        return false
    }
}
