import EventSourcing
import EventStore
import RedisClient

extension ProjectionAdmin {
    /// `cqrs verify`: recomputes every read model of the projection from the whole log, in
    /// memory, and compares it with a generation (the live one by default), key by key.
    ///
    /// Meaningful once the projectors have caught up (``lag(generation:)`` is zero):
    /// events not yet applied show up as differences.
    public func verify(generation: ReadModelGeneration? = nil, maxDifferences: Int = 100) async throws -> VerifyReport {
        let generation = try await stores.resolve(generation)
        let (events, unreadable) = try await readAllEvents()
        var expected = projection.expectedModel(from: events.filter(projection.handles), in: generation)
        expected.undecodable.insert(contentsOf: unreadable, at: 0)
        let actual = try await readGeneration(generation)
        let differences = ReadModelDiff.differences(expected: expected.keys, actual: actual)
        return VerifyReport(
            generation: generation, eventsRead: events.count + unreadable.count, keysExpected: expected.keys.count,
            keysFound: actual.count, differences: Array(differences.prefix(maxDifferences)),
            differenceCount: differences.count, undecodable: expected.undecodable
        )
    }

    /// Every event of every partition log, in log order per partition.
    private func readAllEvents() async throws -> ([EventEnvelope], [UndecodableEvent]) {
        var events: [EventEnvelope] = []
        var unreadable: [UndecodableEvent] = []
        for log in try await stores.openEventStore().keys.logs {
            var start = "-"
            while true {
                let page = try await stores.writeStore.xrange(log, start: start, count: 1000)
                for entry in page {
                    do {
                        events.append(try RedisEventStore.envelope(entry))
                    } catch {
                        unreadable.append(UndecodableEvent(
                            position: entry.id, aggregate: entry["aggregate"] ?? "?", version: entry["version"].flatMap { Int64($0) } ?? 0,
                            error: "not a readable event: \(error)"
                        ))
                    }
                }
                guard page.count == 1000, let last = page.last else { break }
                start = "(" + last.id
            }
        }
        return (events, unreadable)
    }

    /// Every key of a generation with its content, the runtime's own keys aside.
    func readGeneration(_ generation: ReadModelGeneration) async throws -> [String: ReadModelValue] {
        let redis = stores.readStore
        let skipped = projection.layout.runtimeKeys(generation)
        var result: [String: ReadModelValue] = [:]
        try await redis.scanAll(match: projection.layout.prefix(generation) + ":*") { found in
            let keys = found.filter { !skipped.contains($0) && result[$0] == nil }
            guard !keys.isEmpty else { return }
            let types = try await redis.pipeline(keys.map(RedisCommand.type)).map { try $0.get().string ?? "none" }
            let reads = zip(keys, types).map { key, type -> RedisCommand in
                switch type {
                case "hash": .hgetall(key)
                case "zset": RedisCommand("ZRANGE", [.string(key), 0, -1, "WITHSCORES"], key: key)
                case "set": .smembers(key)
                case "string": .get(key)
                default: .type(key)
                }
            }
            for ((key, type), reply) in zip(zip(keys, types), try await redis.pipeline(reads)) {
                let value = try reply.get()
                switch type {
                case "hash": result[key] = .hash(try value.fieldPairs(for: "HGETALL"))
                case "zset": result[key] = .sortedSet(try value.fieldPairs(for: "ZRANGE").compactMapValues(Double.init))
                case "set": result[key] = .set(Set((value.array ?? []).compactMap(\.string)))
                case "string": result[key] = .string(value.string ?? "")
                case "none": continue
                default: result[key] = .string("<\(type)>")
                }
            }
        }
        return result
    }
}
