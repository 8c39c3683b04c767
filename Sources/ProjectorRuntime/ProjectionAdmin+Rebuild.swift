import RedisClient

extension ProjectionAdmin {
    /// `cqrs rebuild`: fills the next generation from the start of the log with its own
    /// consumer groups while the live one keeps serving, switches the live pointer
    /// atomically once caught up, then deletes the old generation (SCAN + UNLINK).
    ///
    /// An interrupted rebuild (a crash, Ctrl-C) leaves its generation `building`: the next
    /// call resumes it where its groups stopped; ``abandonRebuild()`` throws it away. The
    /// live generation is never written by a rebuild. Live projectors follow the switch by
    /// themselves (they watch the pointer, and the old generation's groups are destroyed).
    ///
    /// The switch happens while the rebuild's workers still run, as soon as at most
    /// ``RebuildOptions/switchWhenBehindAtMost`` events are unapplied. Queries never see a
    /// half-built generation; right at the switch the new one may trail the old one by the
    /// few events appended in the last moments (as any read model trails the log), which
    /// clients that need monotonic reads cover with a minimum version.
    public func rebuild(
        options: RebuildOptions = RebuildOptions(), progress: @escaping @Sendable (RebuildProgress) -> Void = { _ in }
    ) async throws -> RebuildReport {
        let clock = ContinuousClock()
        let started = clock.now
        try await stores.loadLibraries()
        let logs = try await stores.openEventStore().keys.logs
        let begun = try await stores.readStore.send(.fcall("cqrs_rt_begin_rebuild", keys: [projection.layout.livePointer, projection.layout.generations, projection.layout.generationCounter]))
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
        let replaced = try await catchUpAndSwitch(generation, workers: workers, options: options, progress: progress)
        let switchedAfter = clock.now - started
        stores.logger.info("\(generation) is live\(replaced.map { "; \($0) is retired" } ?? "")")
        let final = try await lag(generation: generation)
        let rate = Double(final.eventsApplied) / max(0.001, (clock.now - started).seconds)
        let report = { @Sendable (phase: RebuildProgress.Phase, deleted: Int) in
            progress(RebuildProgress(
                generation: generation, phase: phase, eventsDone: final.eventsApplied, eventsTotal: final.eventsInLogs,
                eventsPerSecond: rate, estimatedTimeRemaining: .zero, keysDeleted: deleted
            ))
        }
        var keysDeleted = 0
        if let replaced {
            try await Task.sleep(for: options.deletionDelay)
            keysDeleted = try await deleteGeneration(replaced) { report(.deletingOldGeneration(replaced), $0) }
        }
        report(.done, keysDeleted)
        let applied = workers.reduce(0) { $0 + $1.statistics.applied + $1.statistics.gapEventsFilled }
        return RebuildReport(generation: generation, replaced: replaced, resumed: resumed, eventsApplied: applied, duration: clock.now - started, switchedAfter: switchedAfter, keysDeleted: keysDeleted)
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
        guard state == .retired || state == nil, try await stores.liveGeneration() != generation else {
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

    /// Runs the workers until the generation is caught up, reporting progress, then
    /// switches the live pointer while the workers still run (so the new generation is
    /// as fresh as it can be at the switch), and stops them. Returns the replaced generation.
    private func catchUpAndSwitch(
        _ generation: ReadModelGeneration, workers: [Projector<P>], options: RebuildOptions, progress: @escaping @Sendable (RebuildProgress) -> Void
    ) async throws -> ReadModelGeneration? {
        let clock = ContinuousClock()
        let started = clock.now
        let baseline = try await lag(generation: generation).eventsApplied
        let layout = projection.layout
        return try await withThrowingTaskGroup(of: RebuildTask.self) { group in
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
                    let caughtUp = lag.eventsBehind <= options.switchWhenBehindAtMost
                    progress(RebuildProgress(
                        generation: generation, phase: caughtUp ? .switching : .catchingUp, eventsDone: lag.eventsApplied,
                        eventsTotal: lag.eventsInLogs, eventsPerSecond: rate,
                        estimatedTimeRemaining: rate > 0 ? .seconds(Double(lag.eventsBehind) / rate) : nil, keysDeleted: 0
                    ))
                    guard caughtUp else { continue }
                    let previous = try await stores.readStore.send(.fcall(
                        "cqrs_rt_switch", keys: [layout.livePointer, layout.generations], arguments: [.string(generation.name)]
                    ))
                    return .switched(previous.string.flatMap(ReadModelGeneration.init(name:)))
                }
            }
            let first = try await group.next()
            workers.forEach { $0.stop() }
            try await group.waitForAll()
            guard case .switched(let replaced) = first else {
                throw ProjectorError(.wrongGenerationState, "the rebuild's workers stopped: \(generation) was retired (abandoned?) while it was being built")
            }
            return replaced
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
    case switched(ReadModelGeneration?)
    case workerReturned
}
