import ArgumentParser
import Benchmarks
import EventStore
import Foundation

/// `cqrs seed`: demo data for an empty store, through the command handler.
struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fill an empty write store with a demo catalogue: products, stock, shipments and ratings.",
        discussion: """
        Every change goes through the command handler, as a command of the command API would, \
        so run it as a user that may run commands (writer in deploy/redis/users.acl); the \
        projectors turn the events into read models. It only seeds a store whose log is \
        empty: otherwise it says so and writes nothing. The same --seed and counts give the \
        same commands, command ids included. About 5% of the products end out of stock.
        """
    )

    @OptionGroup var store: WriteStoreOptions

    @Option(help: "Products, ids 1...N (env CQRS_SEED_PRODUCTS; default 1000).")
    var products: Int?

    @Option(help: "Ratings, spread evenly over the users; each user rates a product once (env CQRS_SEED_RATINGS; default 20000).")
    var ratings: Int?

    @Option(help: "Users who rate, ids 1...N (env CQRS_SEED_USERS; default 2000).")
    var users: Int?

    @Option(help: "Seed of the random choices: names, prices, ratings, stock (env CQRS_SEED; default 42).")
    var seed: UInt64?

    @Option(help: "Commands in flight, on as many products at once (env CQRS_SEED_CONCURRENCY; default 32).")
    var concurrency: Int?

    func run() async throws {
        let plan = try resolvedPlan()
        let inFlight = try Setting.integer(concurrency, env: "CQRS_SEED_CONCURRENCY", default: 32)
        guard (1...1024).contains(inFlight) else { throw CLIError("the concurrency must be between 1 and 1024, got \(inFlight)") }
        let (client, handler) = try await store.openCommandHandler(clientName: "cqrs-seed", options: try CommandHandlerOptions.parse([]))
        defer { client.close() }
        guard let eventStore = handler.store as? RedisEventStore else { throw CLIError("seed needs a Redis event store") }
        let bar = ProgressBar()
        let outcome = try await CatalogSeeder(plan: plan, concurrency: inFlight).seedIfEmpty(store: eventStore, handler: handler, willSeed: {
            print("seed: \(plan.products) products, \(plan.ratings) ratings from \(plan.users) users, \(plan.outOfStockCount) out of stock (seed \(plan.seed), \(inFlight) in flight) into \(client.configuration.redactedURL)")
            fflush(nil)  // stdout before the progress lines on stderr, also when stdout is a file
        }) { bar.show($0) }
        switch outcome {
        case .skipped(let events):
            print("seed: the write store \(client.configuration.redactedURL) already holds \(events) events; not seeding (seed fills an empty store only)")
        case .seeded(let report):
            bar.finish()
            print(String(format: "seed: %d commands, %d events in %.1f s (%.0f commands/s)",
                         report.commands, report.eventsAppended, report.seconds, Double(report.commands) / max(report.seconds, 1e-3)))
        }
    }

    /// The plan from the flags and environment; a clear error, before any connection, when it is invalid.
    private func resolvedPlan() throws -> CatalogSeedPlan {
        let defaults = CatalogSeedPlan()
        var plan = CatalogSeedPlan(
            products: try Setting.integer(products, env: "CQRS_SEED_PRODUCTS", default: defaults.products),
            ratings: try Setting.integer(ratings, env: "CQRS_SEED_RATINGS", default: defaults.ratings),
            users: try Setting.integer(users, env: "CQRS_SEED_USERS", default: defaults.users))
        let seedText = Setting.value(seed.map(String.init), env: "CQRS_SEED", default: String(defaults.seed))
        guard let value = UInt64(seedText) else { throw CLIError("the seed must be an integer from 0 to \(UInt64.max), got '\(seedText)'") }
        plan.seed = value
        if let reason = plan.invalidReason { throw CLIError("cannot seed: \(reason)") }
        return plan
    }
}

extension ProgressBar {
    func show(_ progress: SeedProgress) {
        show(done: Int64(progress.commandsDone), total: Int64(progress.commandsTotal), unit: "commands",
             perSecond: progress.commandsPerSecond, remaining: progress.estimatedTimeRemaining, phase: "seeding")
    }
}
