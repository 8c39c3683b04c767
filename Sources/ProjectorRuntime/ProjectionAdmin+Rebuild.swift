import RedisClient

extension ProjectionAdmin {
    /// `cqrs rebuild`: fills the next generation from the start of the log with its own
    /// consumer groups while the live one keeps serving, switches the live pointer
    /// atomically once caught up, then deletes the old generation (SCAN + UNLINK).
    ///
    /// An interrupted rebuild (a crash, Ctrl-C) leaves its generation `building`: the next
    /// call resumes it where its groups stopped; ``abandonRebuild()`` throws it away. The
    /// live generation is never written by a rebuild. Live projectors follow the switch by
    /// themselves (they watch the pointer).
    public func rebuild(
        options: RebuildOptions = RebuildOptions(), progress: @escaping @Sendable (RebuildProgress) -> Void = { _ in }
    ) async throws -> RebuildReport {
        let clock = ContinuousClock()
        let started = clock.now
        try await stores.loadLibraries()
        let logs = try await stores.openEventStore().keys.logs
        let begun = try await stores.readStore.send(.fcall("cqrs_rt_begin_rebuild", keys: [projection.layout.livePointer, projection.layout.generations]))
        guard let parts = begun.array, parts.count == 2, let name = parts[0].string, let generation = ReadModelGeneration(name: name) else {
            throw ProjectorError(.protocolViolation, "cqrs_rt_begin_rebuild answered \(begun)")
        }
        let resumed = parts[1].string == "resumed"
        stores.logger.info("\(resumed ? "resuming" : "starting") the rebuild of \(projection.name) into \(generation)")
        try await stores.createGroups(for: generation, logs: logs)

        let workers = (1...max(1, options.workers)).map { index in
            var configuration = ProjectorConfiguration(consumer: "rebuild-\(index)")
            configuration.target = .fixed(generation)
            configuration.batchSize = options.batchSize
            configuration.claimMinIdle = options.claimMinIdle
            configuration.maxDeliveries = options.maxDeliveries
            return Projector(projection: projection, writeStore: stores.writeStore, readStore: stores.readStore, configuration: configuration, logger: stores.logger)
        }
        try await catchUp(generation, workers: workers, options: options, progress: progress)

        progress(RebuildProgress(generation: generation, phase: .switching, eventsDone: 0, eventsTotal: 0, eventsPerSecond: 0, estimatedTimeRemaining: nil, keysDeleted: 0))
        let previous = try await stores.readStore.send(.fcall("cqrs_rt_switch", keys: [projection.layout.livePointer, projection.layout.generations], arguments: [.string(generation.name)]))
        let replaced = previous.string.flatMap(ReadModelGeneration.init(name:))
        stores.logger.info("\(generation) is live\(replaced.map { "; \($0) is retired" } ?? "")")
        var keysDeleted = 0
        if let replaced {
            try await Task.sleep(for: options.deletionDelay)
            keysDeleted = try await deleteGeneration(replaced) { deleted in
                progress(RebuildProgress(generation: generation, phase: .deletingOldGeneration(replaced), eventsDone: 0, eventsTotal: 0, eventsPerSecond: 0, estimatedTimeRemaining: nil, keysDeleted: deleted))
            }
        }
        let applied = workers.reduce(0) { $0 + $1.statistics.applied }
        progress(RebuildProgress(generation: generation, phase: .done, eventsDone: Int64(applied), eventsTotal: Int64(applied), eventsPerSecond: 0, estimatedTimeRemaining: .zero, keysDeleted: keysDeleted))
        return RebuildReport(generation: generation, replaced: replaced, resumed: resumed, eventsApplied: applied, duration: clock.now - started, keysDeleted: keysDeleted)
    }

    /// `cqrs rebuild --abandon`: retires the generation being built and deletes it. The
    /// live generation is untouched. Returns the abandoned generation, if there was one.
    @discardableResult
    public func abandonRebuild() async throws -> ReadModelGeneration? {
        guard let building = try await stores.generations().first(where: { $0.value == .building })?.key else { return nil }
        try await stores.loadLibraries()
        _ = try await stores.readStore.send(.fcall("cqrs_rt_retire", keys: [projection.layout.livePointer, projection.layout.generations], arguments: [.string(building.name)]))
        try await deleteGeneration(building)
        return building
    }

    /// Deletes every retired generation (finishing a deletion that was interrupted).
    /// Returns the keys unlinked per generation.
    public func deleteRetiredGenerations() async throws -> [ReadModelGeneration: Int] {
        var result: [ReadModelGeneration: Int] = [:]
        for (generation, state) in try await stores.generations() where state == .retired {
            result[generation] = try await deleteGeneration(generation)
        }
        return result
    }

    /// Unlinks every key of a retired generation, removes its consumer groups and finally
    /// its registry entry. Refuses a live or building generation.
    @discardableResult
    func deleteGeneration(_ generation: ReadModelGeneration, progress: (Int) -> Void = { _ in }) async throws -> Int {
        let state = try await stores.state(of: generation)
        guard state == .retired || state == nil else {
            throw ProjectorError(.wrongGenerationState, "refusing to delete \(generation): it is \(state?.rawValue ?? "?")")
        }
        try await stores.destroyGroups(of: generation, logs: try await stores.openEventStore().keys.logs)
        var deleted = 0
        try await stores.readStore.scanAll(match: projection.layout.prefix(generation) + ":*") { keys in
            deleted += Int(try await stores.readStore.send(.unlink(keys)).int ?? 0)
            progress(deleted)
        }
        _ = try await stores.readStore.send(.hdel(projection.layout.generations, [generation.name]))
        return deleted
    }

    /// Runs the workers until the generation is caught up, reporting progress.
    private func catchUp(
        _ generation: ReadModelGeneration, workers: [Projector<P>], options: RebuildOptions, progress: @escaping @Sendable (RebuildProgress) -> Void
    ) async throws {
        let clock = ContinuousClock()
        let started = clock.now
        let baseline = try await lag(generation: generation).eventsApplied
        try await withThrowingTaskGroup(of: RebuildTask.self) { group in
            for worker in workers {
                group.addTask {
                    try await worker.run()
                    return .workerReturned
                }
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: options.progressInterval)
                    let lag = try await lag(generation: generation)
                    let seconds = (clock.now - started).seconds
                    let rate = seconds > 0 ? Double(lag.eventsApplied - baseline) / seconds : 0
                    progress(RebuildProgress(
                        generation: generation, phase: .catchingUp, eventsDone: lag.eventsApplied, eventsTotal: lag.eventsInLogs,
                        eventsPerSecond: rate, estimatedTimeRemaining: rate > 0 ? .seconds(Double(lag.eventsBehind) / rate) : nil, keysDeleted: 0
                    ))
                    if lag.eventsBehind <= options.switchWhenBehindAtMost { return .caughtUp }
                }
            }
            let first = try await group.next()
            workers.forEach { $0.stop() }
            try await group.waitForAll()
            if first != .caughtUp {
                throw ProjectorError(.wrongGenerationState, "the rebuild's workers stopped: \(generation) was retired (abandoned?) while it was being built")
            }
        }
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// Which of a rebuild's tasks finished first.
private enum RebuildTask: Sendable {
    case caughtUp
    case workerReturned
}
