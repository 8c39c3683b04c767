import EventSourcing
import Foundation
import Synchronization
import Testing

/// A tally whose state lives in a class instance, so `evolve` can tell whether it was
/// handed the only reference (then a real state, a dictionary say, changes in place)
/// or a shared one (then it would be copied).
private enum Tally: Aggregate {
    final class Storage: Sendable {
        let count: Int
        init(_ count: Int) { self.count = count }
    }

    struct State: Sendable, Codable, Equatable {
        var storage = Storage(0)
        init() {}
        init(from decoder: any Decoder) throws { storage = Storage(try decoder.singleValueContainer().decode(Int.self)) }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(storage.count)
        }
        static func == (lhs: State, rhs: State) -> Bool { lhs.storage.count == rhs.storage.count }
    }

    struct Add: Sendable {}

    struct Added: EventCodable {
        var eventType: String { "Added" }
        static var currentSchemaVersions: [String: Int] { ["Added": 1] }
        func encodedPayload() throws -> [UInt8] { Array("{}".utf8) }
        static func decode(eventType: String, payload: [UInt8]) throws -> Added { Added() }
    }

    /// For each `evolve`: whether its state was the only reference to the storage.
    static let handedTheOnlyCopy = Mutex<[Bool]>([])

    static let aggregateType = "Tally"
    static var initialState: State { State() }
    static let snapshotSchemaVersion = 1
    static func aggregateId(of command: Add) -> String { "1" }
    static func decide(_ command: Add, state: State) throws -> [Added] { [Added()] }

    static func evolve(_ state: consuming State, _ event: Added) -> State {
        let unique = isKnownUniquelyReferenced(&state.storage)
        handedTheOnlyCopy.withLock { $0.append(unique) }
        state.storage = Storage(state.storage.count + 1)
        return state
    }
}

@Suite("Who owns the state while a command runs")
struct StateOwnershipTests {
    @Test func aCommandOnACachedStateEvolvesItsOnlyCopy() async throws {
        let handler = CommandHandler<Tally>(store: InMemoryEventStore())
        for _ in 1...3 {
            _ = try await handler.handle(Tally.Add(), metadata: CommandMetadata(commandId: UUID.random()))
        }
        #expect(handler.cache?.get("1")?.state.storage.count == 3)
        // The first command folds a loaded, empty stream; the next two decide on the cached
        // state: neither the cache nor the decision may still hold it when it evolves.
        let observed = Tally.handedTheOnlyCopy.withLock { $0 }
        #expect(observed == [true, true, true], "evolve was handed a shared state (a copy per command): \(observed)")
    }
}
