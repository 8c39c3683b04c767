import EventSourcing
import EventStore
import RedisClient

extension EventApplier {
    /// An event the read store answered `gap` for: versions after `stored` and before
    /// it are missing there.
    struct Gapped {
        let envelope: EventEnvelope
        let command: RedisCommand
        var stored: Int64
        var aggregate: String { "\(envelope.aggregateType):\(envelope.aggregateId)" }
    }

    /// Closes the gaps before `gapped` (in log order) and applies those events, for a
    /// whole batch at once: one read of the parked aggregates, one pipeline reading every
    /// product's missing versions from the write store, and one pipeline on the read store
    /// with each product's fills and then its events, in version order. Repeats up to
    /// three rounds for events that still meet a gap (another instance raced ahead).
    /// With `blockWhenParked`, an event whose product has a parked event is `.blocked`.
    func closeGaps(_ gapped: [Gapped], blockWhenParked: Bool) async throws -> [EntryFate] {
        var events = gapped
        var fates = [EntryFate](repeating: .done, count: events.count)
        var open = Array(events.indices)
        for _ in 0..<3 where !open.isEmpty {
            if blockWhenParked {
                let parked = try await parkedVersions(of: open.map { events[$0].aggregate })
                for index in open {
                    if let version = parked[events[index].aggregate] {
                        fates[index] = .blocked("\(events[index].aggregate) has a parked event (version \(version)); \(events[index].envelope.summary) waits behind it in the dead-letter stream")
                    }
                }
                open.removeAll { parked[events[$0].aggregate] != nil }
            }
            let products = Dictionary(grouping: open) { events[$0].aggregate }.values.sorted { $0[0] < $1[0] }
            let ranges = products.map { items in
                let first = events[items[0]].envelope
                return RedisEventStore.VersionRange(
                    aggregateType: first.aggregateType, aggregateId: first.aggregateId,
                    from: items.map { events[$0].stored }.min()! + 1, to: items.map { events[$0].envelope.version }.max()! - 1)
            }
            let missing = try await retrier.run("read the missing versions of \(ranges.count) products from the write store") {
                try await eventStore.readEvents(ranges: ranges)
            }
            var calls: [(product: Int, event: Int?, command: RedisCommand)] = []
            for (product, items) in products.enumerated() {
                switch fills(before: items.map { events[$0] }, range: ranges[product], read: missing[product]) {
                case .failure(let reason):
                    for index in items { fates[index] = .failed("cannot fill the gap before \(events[index].envelope.summary): \(reason)") }
                case .success(let commands):
                    calls += commands.map { (product, nil, $0) } + items.map { (product, $0, events[$0].command) }
                }
            }
            let replies = try await applyAll(calls.map(\.command))
            var stopped: [Int: EntryFate] = [:]
            open = []
            for (call, reply) in zip(calls, replies) {
                guard let index = call.event else {
                    switch reply {
                    case .failure(let error): stopped[call.product] = .failed("cannot fill the gap: the read store refused a fill: \(error.message)")
                    case .success(let value):
                        switch try ApplyReply(value) {
                        case .applied: recorder.record { $0.gapEventsFilled += 1 }
                        case .retired: stopped[call.product] = .retired
                        case .duplicate, .gap: break
                        }
                    }
                    continue
                }
                if let fate = stopped[call.product] {
                    fates[index] = fate
                    continue
                }
                switch reply {
                case .failure(let error): fates[index] = .failed("the read store refused \(events[index].envelope.summary): \(error.message)")
                case .success(let value):
                    switch try ApplyReply(value) {
                    case .applied: recorder.record { $0.applied += 1 }
                    case .duplicate: recorder.record { $0.duplicates += 1 }
                    case .retired: fates[index] = .retired
                    case .gap(let stored):
                        events[index].stored = stored
                        open.append(index)
                    }
                }
            }
        }
        for index in open {
            fates[index] = .failed("the gap before \(events[index].envelope.summary) did not close after 3 fills from the write store")
        }
        return fates
    }

    /// The apply calls of the versions in `range` that are not among `events` (those
    /// are applied as themselves), or why they cannot be made.
    private func fills(before events: [Gapped], range: RedisEventStore.VersionRange, read: [EventEnvelope]) -> Result<[RedisCommand], FillProblem> {
        guard read.map(\.version) == Array(range.from..<(range.to + 1)) else {
            return .failure(FillProblem("the write store returned versions \(read.map(\.version)) of \(events[0].aggregate) for \(range.from)...\(range.to)"))
        }
        let own = Set(events.map(\.envelope.version))
        var commands: [RedisCommand] = []
        for event in read where !own.contains(event.version) {
            do {
                commands.append(try projection.applyCommand(for: event, in: generation))
            } catch {
                return .failure(FillProblem("\(event.summary) does not decode: \(error)"))
            }
        }
        return .success(commands)
    }

    /// The parked version of each of `aggregates` that has one, in one read.
    private func parkedVersions(of aggregates: [String]) async throws -> [String: Int64] {
        let names = Array(Set(aggregates))
        let values = try await retrier.run("read the parked aggregates") {
            try await readStore.send(.hmget(projection.layout.parked(generation), names)).array ?? []
        }
        var parked: [String: Int64] = [:]
        for (name, value) in zip(names, values) {
            if let version = value.string.flatMap({ Int64($0) }) { parked[name] = version }
        }
        return parked
    }
}

/// Why the gap before a product's events cannot be filled.
struct FillProblem: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
