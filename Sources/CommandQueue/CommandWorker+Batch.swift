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

    /// Runs a batch, writes every result, then acks (and deletes) the finished entries.
    /// Commands of one product run one after the other in stream order; different
    /// products run concurrently. Throws only when Redis fails; the entries then stay pending.
    func process(_ entries: [StreamEntry], state: inout LoopState) async throws {
        var outcomes: [EntryOutcome] = []
        var byProduct: [Int64: [(QueuedCommand, CommandService.Ready, delivery: Int)]] = [:]
        var products: [Int64] = []  // in order of first appearance
        for entry in entries {
            let delivery = (state.deliveries[entry.id] ?? 0) + 1
            switch prepare(entry) {
            case .done(let outcome):
                outcomes.append(outcome)
            case .ready(let command, let ready):
                if byProduct[ready.productId] == nil { products.append(ready.productId) }
                byProduct[ready.productId, default: []].append((command, ready, delivery))
            }
        }
        let ordered = products.map { byProduct[$0] ?? [] }
        outcomes += await withTaskGroup(of: [EntryOutcome].self) { group in
            for commands in ordered {
                group.addTask {
                    var outcomes: [EntryOutcome] = []
                    var held = false  // after a retryable outcome, the product's later commands wait too
                    for (command, ready, delivery) in commands {
                        guard !held else {
                            outcomes.append(.retryLater(entryId: command.entryId, deliveries: delivery - 1))
                            continue
                        }
                        let next = outcome(command, await service.execute(ready), delivery: delivery)
                        if case .retryLater = next { held = true }
                        outcomes.append(next)
                    }
                    return outcomes
                }
            }
            return await group.reduce(into: [EntryOutcome]()) { $0 += $1 }
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

    /// An entry read and decoded: either finished already (a bad entry, a rejected
    /// body, a vanished entry) or ready to run.
    private enum Prepared {
        case done(EntryOutcome)
        case ready(QueuedCommand, CommandService.Ready)
    }

    private func prepare(_ entry: StreamEntry) -> Prepared {
        guard !entry.pairs.isEmpty else { return .done(.vanished(entryId: entry.id)) }
        let command = QueuedCommand(entry)
        switch command.submission {
        case .failure(let problem):
            service.logFailure(problem, command: entry["type"] ?? "(no type)", transport: .queue, commandId: entry["commandId"])
            return .done(.finished(command, CommandResult(problem)))
        case .success(let submission):
            switch service.prepare(submission) {
            case .rejected(let result): return .done(.finished(command, result))
            case .ready(let ready): return .ready(command, ready)
            }
        }
    }

    /// A retryable outcome (503) is left for later until its deliveries are used up.
    private func outcome(_ command: QueuedCommand, _ result: CommandResult, delivery: Int) -> EntryOutcome {
        if result.status == 503, delivery < configuration.maxDeliveries {
            return .retryLater(entryId: command.entryId, deliveries: delivery)
        }
        return .finished(command, result)
    }
}
