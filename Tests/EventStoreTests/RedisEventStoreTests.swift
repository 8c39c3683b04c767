import EventSourcing
import EventStore
import Foundation
import LocalRedis
import ProductCatalog
import RedisClient
import Testing

@Suite("RedisEventStore against a real redis-server")
struct RedisEventStoreTests {
    @Test func appendThenLoadRoundTripsEveryEnvelopeField() async throws {
        try await StoreFixture.with { fixture async throws in
            let command = UUID()
            let events = try StoreFixture.envelopes(
                [StoreFixture.added(42), .inventoryAdded(productId: 42, quantity: 5, newStock: 5)], product: 42, command: command
            )
            let result = try await fixture.store.append(events, expected: .noStream)
            #expect(result == AppendResult(version: 2, firstVersion: 1, positions: result.positions, duplicate: false))
            #expect(result.positions.count == 2)

            let stream = try await fixture.store.load(aggregateType: "Product", aggregateId: "42", commandId: nil)
            #expect(stream.version == 2)
            #expect(stream.recordedOutcome == nil)
            #expect(stream.events.map(\.position) == result.positions)
            for (stored, sent) in zip(stream.events, events) {
                #expect(stored.eventId == sent.eventId)
                #expect(stored.eventType == sent.eventType)
                #expect(stored.schemaVersion == sent.schemaVersion)
                #expect(stored.version == sent.version)
                // The stored time is when the log accepted the event: its entry id's.
                #expect(stored.timestampMilliseconds == Int64(stored.position!.prefix { $0 != "-" }))
                #expect((sent.timestampMilliseconds - 5000...sent.timestampMilliseconds + 5000).contains(stored.timestampMilliseconds))
                #expect(stored.commandId == command)
                #expect(stored.payload == sent.payload)
            }
            #expect(try stream.events.map(Product.event(from:)) == [StoredFixtureEvents.added42, .inventoryAdded(productId: 42, quantity: 5, newStock: 5)])
        }
    }

    @Test func expectedVersionRulesAndARejectedAppendWritesNothing() async throws {
        try await StoreFixture.with { fixture async throws in
            _ = try await fixture.store.append(try StoreFixture.envelopes([StoreFixture.added(1)], product: 1), expected: .noStream)
            let before = try await fixture.fingerprint()

            for expected in [ExpectedVersion.noStream, .exact(0), .exact(2), .exact(7)] {
                let error = await #expect(throws: EventStoreError.self) {
                    try await fixture.store.append(try StoreFixture.envelopes([.inventoryAdded(productId: 1, quantity: 1, newStock: 1)], product: 1, after: 1), expected: expected)
                }
                #expect(error?.kind == .conflict)
                #expect(error?.currentVersion == 1, "the conflict reports the current version")
            }
            #expect(try await fixture.fingerprint() == before, "rejected appends wrote nothing")

            let exact = try await fixture.store.append(try StoreFixture.envelopes([.inventoryAdded(productId: 1, quantity: 1, newStock: 1)], product: 1, after: 1), expected: .exact(1))
            #expect(exact.version == 2)
            let any = try await fixture.store.append(try StoreFixture.envelopes([.inventoryAdded(productId: 1, quantity: 1, newStock: 2)], product: 1, after: 2), expected: .any)
            #expect(any.version == 3)
        }
    }

    @Test func sameCommandIdAnswersTheFirstOutcomeAndWritesNothing() async throws {
        try await StoreFixture.with { fixture async throws in
            let command = UUID()
            let events = try StoreFixture.envelopes([StoreFixture.added(7), .inventoryAdded(productId: 7, quantity: 3, newStock: 3)], product: 7, command: command)
            let first = try await fixture.store.append(events, expected: .noStream)
            let before = try await fixture.fingerprint()
            let again = try await fixture.store.append(events, expected: .noStream)
            #expect(again.duplicate)
            #expect(again.version == first.version && again.positions == first.positions)
            #expect(try await fixture.fingerprint() == before)

            let loaded = try await fixture.store.load(aggregateType: "Product", aggregateId: "7", commandId: command)
            #expect(loaded.recordedOutcome?.version == 2)

            // The same command id on another aggregate of the same partition (where its
            // record lives) is refused, and writes nothing.
            let partition = fixture.store.keys.partition(of: "Product:7")
            let neighbour = try #require((8...500).first { fixture.store.keys.partition(of: "Product:\($0)") == partition })
            let other = try StoreFixture.envelopes([StoreFixture.added(Int64(neighbour))], product: Int64(neighbour), command: command)
            let reused = await #expect(throws: EventStoreError.self) { try await fixture.store.append(other, expected: .noStream) }
            #expect(reused?.kind == .idempotencyKeyReused)
            #expect(try await fixture.fingerprint() == before)
        }
    }

    @Test func theCommandRecordLivesForTheStoresCommandTTL() async throws {
        try await StoreFixture.with { fixture async throws in
            let store = try await RedisEventStore.open(redis: fixture.redis, commandTTL: .seconds(90))
            let command = UUID()
            _ = try await store.append(try StoreFixture.envelopes([StoreFixture.added(3)], product: 3, command: command), expected: .noStream)
            let key = store.keys.command(store.keys.partition(of: "Product:3"), id: command.lowercasedString)
            let ttl = try #require(try await fixture.redis.send("TTL", .string(key)).int)
            #expect((85...90).contains(ttl), "TTL \(ttl) of \(key)")
            // the default store: a day
            _ = try await fixture.store.append(try StoreFixture.envelopes([StoreFixture.added(4)], product: 4), expected: .noStream)
            var ttls: [Int64] = []
            try await fixture.redis.scanAll(match: "*:cmd:*") { keys in
                for key in keys { ttls.append(try await fixture.redis.send("TTL", .string(key)).int ?? -3) }
            }
            #expect(ttls.count == 2 && ttls.contains { (86_395...86_400).contains($0) }, "\(ttls)")

            for bad: Duration in [.zero, .milliseconds(1500), .seconds(315_360_001), .seconds(-5)] {
                let refused = await #expect(throws: EventStoreError.self) { try await RedisEventStore.open(redis: fixture.redis, commandTTL: bad) }
                #expect(refused?.kind == .invalidRequest)
                #expect(refused?.message.contains("command TTL") == true)
            }
        }
    }

    @Test func partitionCountIsFixedAtInit() async throws {
        try await StoreFixture.with(partitions: 4) { fixture async throws in
            #expect(try await RedisEventStore.initialize(redis: fixture.redis, partitions: 4) == 4, "re-running init is a no-op")
            let error = await #expect(throws: EventStoreError.self) { try await RedisEventStore.initialize(redis: fixture.redis, partitions: 8) }
            #expect(error?.kind == .misconfigured)
            #expect(error?.message.contains("4 partitions") == true)
            let reopen = await #expect(throws: EventStoreError.self) { try await RedisEventStore.open(redis: fixture.redis, expectedPartitions: 16) }
            #expect(reopen?.kind == .misconfigured)
            let missing = await #expect(throws: EventStoreError.self) { try await RedisEventStore.open(redis: fixture.redis, prefix: "other") }
            #expect(missing?.message.contains("cqrs init") == true)
        }
    }

    @Test func everyKeyOfAnAppendSharesThePartitionHashTag() async throws {
        try await StoreFixture.with(partitions: 8) { fixture async throws in
            for id in 1...20 {
                _ = try await fixture.store.append(try StoreFixture.envelopes([StoreFixture.added(Int64(id))], product: Int64(id)), expected: .noStream)
            }
            let keys = try await fixture.fingerprint().keys.filter { $0 != "cqrs:meta" }
            for key in keys {
                let tag = try #require(key.firstRange(of: /\{p\d+\}/), "key \(key) has a hash tag")
                let partition = Int(key[tag].dropFirst(2).dropLast())!
                if let aggregate = key.components(separatedBy: ":idx:").dropFirst().first {
                    #expect(fixture.store.keys.partition(of: aggregate) == partition)
                }
            }
            // The hash is stable: the same aggregate always maps to the same partition.
            #expect(EventStoreKeys(partitions: 16).partition(of: "Product:42") == EventStoreKeys(partitions: 16).partition(of: "Product:42"))
            #expect(Set((1...200).map { EventStoreKeys(partitions: 16).partition(of: "Product:\($0)") }).count == 16)
        }
    }

    @Test func readEventsByVersionRangePagesPastOneThousand() async throws {
        try await StoreFixture.with { fixture async throws in
            var version: Int64 = 0
            _ = try await fixture.store.append(try StoreFixture.envelopes([StoreFixture.added(3)], product: 3), expected: .noStream)
            version = 1
            while version < 1205 {
                let batch = (0..<50).map { ProductEvent.inventoryAdded(productId: 3, quantity: 1, newStock: version + Int64($0) + 1) }
                version = try await fixture.store.append(try StoreFixture.envelopes(batch, product: 3, after: version), expected: .exact(version)).version
            }
            let all = try await fixture.store.readEvents(aggregateType: "Product", aggregateId: "3", from: 1, to: version)
            #expect(all.map(\.version) == Array(1...version))
            let middle = try await fixture.store.readEvents(aggregateType: "Product", aggregateId: "3", from: 500, to: 510)
            #expect(middle.map(\.version) == Array(500...510))
        }
    }

    @Test func functionsAreReloadedWhenTheServerLostThem() async throws {
        try await StoreFixture.with { fixture async throws in
            _ = try await fixture.redis.send("FUNCTION", "FLUSH")
            let result = try await fixture.store.append(try StoreFixture.envelopes([StoreFixture.added(5)], product: 5), expected: .noStream)
            #expect(result.version == 1)
        }
    }
}

enum StoredFixtureEvents {
    static let added42 = StoreFixture.added(42)
}

@Suite("Envelope storage details")
struct EnvelopeStorageTests {
    @Test func correlationAndCausationIdsRoundTripWhetherOrNotTheyEqualTheCommandId() async throws {
        try await StoreFixture.with { fixture async throws in
            let command = UUID(), correlation = UUID(), causation = UUID()
            var events = try StoreFixture.envelopes([StoreFixture.added(11)], product: 11, command: command)
            events[0].correlationId = correlation
            events[0].causationId = causation
            _ = try await fixture.store.append(events, expected: .noStream)
            _ = try await fixture.store.append(try StoreFixture.envelopes([.inventoryAdded(productId: 11, quantity: 1, newStock: 1)], product: 11, after: 1), expected: .exact(1))
            let stored = try await fixture.store.readEvents(aggregateType: "Product", aggregateId: "11", from: 1, to: 2)
            #expect(stored[0].correlationId == correlation && stored[0].causationId == causation && stored[0].commandId == command)
            #expect(stored[1].correlationId == stored[1].commandId && stored[1].causationId == stored[1].commandId)
            // On the wire of the log, the second is elided to save memory.
            let log = fixture.store.keys.log(fixture.store.keys.partition(of: "Product:11"))
            let entries = try await fixture.redis.xrange(log)
            #expect(entries.last?["correlationId"] == "")
            #expect(entries.first?["correlationId"] == correlation.uuidString.lowercased())
        }
    }

    @Test func derivedEventIdsAreStoredAsTheirIndexOthersInFull() async throws {
        try await StoreFixture.with { fixture async throws in
            let command = UUID()
            let derived = try StoreFixture.envelopes(
                [StoreFixture.added(12), .inventoryAdded(productId: 12, quantity: 1, newStock: 1)], product: 12, command: command
            )
            #expect(derived.map(\.eventId) == [0, 1].map { EventEnvelope.derivedEventId(commandId: command, index: $0) })
            _ = try await fixture.store.append(derived, expected: .noStream)
            var custom = try StoreFixture.envelopes([.inventoryAdded(productId: 12, quantity: 1, newStock: 2)], product: 12, after: 2)
            let customId = UUID()
            custom[0].eventId = customId
            _ = try await fixture.store.append(custom, expected: .exact(2))

            let stored = try await fixture.store.readEvents(aggregateType: "Product", aggregateId: "12", from: 1, to: 3)
            #expect(stored.map(\.eventId) == derived.map(\.eventId) + [customId])
            let log = fixture.store.keys.log(fixture.store.keys.partition(of: "Product:12"))
            #expect(try await fixture.redis.xrange(log).map { $0["eventId"] ?? "" } == ["0", "1", customId.uuidString.lowercased()])
            #expect(Set(derived.map(\.eventId)).count == 2 && !derived.map(\.eventId).contains(command))
        }
    }
}
