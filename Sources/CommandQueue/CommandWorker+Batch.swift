import CommandAPI
import RedisClient

extension CommandWorker {
    /// What became of one entry.
    enum EntryOutcome: Sendable {
        /// Store this result, then ack.
        case finished(QueuedCommand, CommandResult)
        /// A retryable outcome: leave it pending and try again later.
        case retryLater(entryId: String, deliveries: Int)
        /// The entry was deleted from the stream while pending: only ack it.
        case vanished(entryId: String)
    }

    /// Runs a batch concurrently, writes every result, then acks (and deletes) the
    /// finished entries. Throws only when Redis fails; the entries then stay pending.
    func process(_ entries: [StreamEntry], state: inout LoopState) async throws {
        let deliveries = state.deliveries
        let outcomes = await withTaskGroup(of: EntryOutcome.self) { group in
            for entry in entries {
                let delivery = (deliveries[entry.id] ?? 0) + 1
                group.addTask { await run(entry, delivery: delivery) }
            }
            return await group.reduce(into: [EntryOutcome]()) { $0.append($1) }
        }

        var writes: [RedisCommand] = []
        var done: [String] = []
        var retryDeliveries = 0
        for outcome in outcomes {
            switch outcome {
            case .finished(let command, let result):
                writes += CommandResultRecord.write(
                    result, entryId: command.entryId, key: configuration.keys.result(command.resultId), ttl: configuration.resultTTL)
                done.append(command.entryId)
            case .retryLater(let entryId, let delivery):
                state.deliveries[entryId] = delivery
                retryDeliveries = max(retryDeliveries, delivery)
            case .vanished(let entryId):
                done.append(entryId)
            }
        }
        if !writes.isEmpty {
            for reply in try await client.pipeline(writes) { _ = try reply.get() }
        }
        if !done.isEmpty {
            let stream = configuration.keys.stream
            var acks: [RedisCommand] = [.xack(stream, group: CommandQueueKeys.group, ids: done)]
            if configuration.deleteAfterAck { acks.append(RedisCommand("XDEL", [.string(stream)] + done.map { .string($0) }, key: stream)) }
            for reply in try await client.pipeline(acks) { _ = try reply.get() }
            for id in done { state.deliveries[id] = nil }
        }
        if retryDeliveries > 0 {
            state.pendingDue = .now + configuration.retryDelay * retryDeliveries
        }
    }

    /// Runs one entry: a bad entry becomes its error result; a retryable outcome is
    /// left for later until its deliveries are used up.
    private func run(_ entry: StreamEntry, delivery: Int) async -> EntryOutcome {
        guard !entry.fields.isEmpty else { return .vanished(entryId: entry.id) }
        let command = QueuedCommand(entry)
        let result: CommandResult
        switch command.submission {
        case .failure(let problem):
            service.logFailure(problem, command: entry["type"] ?? "(no type)", transport: .queue, commandId: entry["commandId"])
            result = CommandResult(problem)
        case .success(let submission):
            result = await service.submit(submission)
        }
        if result.status == 503, delivery < configuration.maxDeliveries {
            return .retryLater(entryId: entry.id, deliveries: delivery)
        }
        return .finished(command, result)
    }
}
