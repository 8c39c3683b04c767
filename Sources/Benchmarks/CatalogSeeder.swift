import EventSourcing
import EventStore
import Foundation
import ProductCatalog
import RedisClient
import Synchronization

/// How seeding is getting on, reported every ``CatalogSeeder/progressInterval``.
public struct SeedProgress: Sendable, Hashable {
    public var commandsDone: Int
    public var commandsTotal: Int
    public var commandsPerSecond: Double
    /// Time left at the current rate; `nil` before the first command.
    public var estimatedTimeRemaining: Duration?
}

/// What a seed wrote.
public struct SeedReport: Sendable, Hashable {
    public var plan: CatalogSeedPlan
    public var commands: Int
    public var eventsAppended: Int
    public var duration: Duration

    public var seconds: Double { duration.seconds }
}

/// Runs a ``CatalogSeedPlan`` through the command handler, the way the command API does:
/// `concurrency` products at a time, each product's commands in order, each with its
/// plan-given command id (so a retry after an unknown outcome cannot apply twice).
public struct CatalogSeeder: Sendable {
    public var plan: CatalogSeedPlan
    public var concurrency: Int
    public var progressInterval: Duration = .milliseconds(200)

    public init(plan: CatalogSeedPlan, concurrency: Int = 32) {
        self.plan = plan
        self.concurrency = concurrency
    }

    /// Events in the store's logs; 0 means the store has no product yet.
    public static func eventCount(in store: RedisEventStore) async throws -> Int {
        let replies = try await store.redis.pipeline(store.keys.logs.map(RedisCommand.xlen))
        return try replies.reduce(0) { $0 + Int(try $1.get().int ?? 0) }
    }

    /// What ``seedIfEmpty(store:handler:willSeed:progress:)`` did.
    public enum Outcome: Sendable, Hashable {
        case seeded(SeedReport)
        /// The logs held this many events: nothing was written.
        case skipped(existingEvents: Int)
    }

    /// Seeds when the store's logs are empty (calling `willSeed` first), else writes nothing.
    public func seedIfEmpty(
        store: RedisEventStore, handler: CommandHandler<Product>, willSeed: () -> Void = {},
        progress: @escaping @Sendable (SeedProgress) -> Void = { _ in }
    ) async throws -> Outcome {
        let existing = try await Self.eventCount(in: store)
        guard existing == 0 else { return .skipped(existingEvents: existing) }
        willSeed()
        return .seeded(try await seed(handler: handler, progress: progress))
    }

    /// Runs every command of the plan.
    public func seed(handler: CommandHandler<Product>, progress: @escaping @Sendable (SeedProgress) -> Void = { _ in }) async throws -> SeedReport {
        let scripts = plan.scripts()
        let counters = SeedCounters(total: scripts.reduce(0) { $0 + $1.commands.count })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [progressInterval] in
                while true {
                    try? await Task.sleep(for: progressInterval)
                    if Task.isCancelled { return }
                    progress(counters.progress())
                }
            }
            defer { group.cancelAll() }
            try await withThrowingTaskGroup(of: Void.self) { workers in
                for _ in 0..<max(1, min(concurrency, scripts.count)) {
                    workers.addTask {
                        while let index = counters.nextScript(below: scripts.count) {
                            let script = scripts[index]
                            for (command, id) in zip(script.commands, script.commandIds) {
                                counters.done(events: try await Self.handle(command, id: id, handler))
                            }
                        }
                    }
                }
                try await workers.waitForAll()
            }
        }
        progress(counters.progress())
        return SeedReport(plan: plan, commands: counters.total, eventsAppended: counters.events, duration: counters.elapsed)
    }

    /// Retries a store that is briefly unavailable with the same command id: the store
    /// answers a command that did run with its first outcome.
    private static func handle(_ command: ProductCommand, id: UUID, _ handler: CommandHandler<Product>) async throws -> Int {
        var attempt = 1
        while true {
            do {
                return try await handler.handle(command, metadata: CommandMetadata(commandId: id)).appendedEvents
            } catch let error as EventStoreError where error.kind == .unavailable && attempt < 5 {
                try await Task.sleep(for: .milliseconds(100 * attempt))
                attempt += 1
            } catch let error as ProductCatalogError {
                throw EventStoreError(.invalidRequest, "the seed plan's command for product \(command.productId) was rejected: \(error)")
            }
        }
    }
}

/// The seed's shared counters: the next product to take, and what is done.
private final class SeedCounters: Sendable {
    let total: Int
    private let started = ContinuousClock.now
    private let state = Mutex((next: 0, done: 0, events: 0))

    init(total: Int) { self.total = total }

    func nextScript(below count: Int) -> Int? {
        state.withLock { state in
            guard state.next < count else { return nil }
            defer { state.next += 1 }
            return state.next
        }
    }

    func done(events: Int) {
        state.withLock { $0.done += 1; $0.events += events }
    }

    var events: Int { state.withLock { $0.events } }
    var elapsed: Duration { ContinuousClock.now - started }

    func progress() -> SeedProgress {
        let done = state.withLock { $0.done }
        let seconds = max(1e-3, elapsed.seconds)
        let rate = Double(done) / seconds
        return SeedProgress(
            commandsDone: done, commandsTotal: total, commandsPerSecond: rate,
            estimatedTimeRemaining: done > 0 ? .seconds(Double(total - done) / rate) : nil)
    }
}
