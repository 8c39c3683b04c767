import Benchmarks
import EventSourcing
import EventStore
import Foundation
import ProductCatalog
import ProductReadModel
import ProjectorRuntime
import RedisClient
import Synchronization
import Testing

/// `cqrs seed`'s demo catalogue: the plan alone, then seeded through the command handler
/// as the writer user (what `make run` does), projected, and queried.
@Suite("Demo data (cqrs seed)")
struct SeedTests {
    static let small = CatalogSeedPlan(products: 40, ratings: 400, users: 30, seed: 7)

    @Test func theSamePlanGivesTheSameCommandsAndIds() {
        #expect(Self.small.scripts() == Self.small.scripts())
        var other = Self.small
        other.seed = 8
        #expect(other.scripts() != Self.small.scripts())
    }

    @Test func everyCommandOfTheDefaultPlanIsAcceptedAndTheCountsAreThePlans() throws {
        let plan = CatalogSeedPlan()  // 1,000 products, 20,000 ratings from 2,000 users
        let scripts = plan.scripts()
        var pairs = Set<[Int64]>()
        var names = Set<String>()
        var outOfStock = 0
        for script in scripts {
            var state = Product.initialState
            for command in script.commands {
                state = Product.fold(try Product.decide(command, state: state), from: state)
                if case .rateProduct(let product, let user, _) = command { pairs.insert([product, user]) }
                if case .addNewProduct(_, let name, _, _) = command { names.insert(name) }
            }
            if state.stock == 0 { outOfStock += 1 }
        }
        #expect(scripts.map(\.productId) == Array(1...1_000))
        #expect(pairs.count == 20_000, "each user rates a product at most once")
        #expect(Set(pairs.map { $0[1] }).count == 2_000)
        #expect(names.count == 1_000)
        #expect(names.contains { !$0.allSatisfy(\.isASCII) })
        #expect(outOfStock == 50)
        #expect(Set(scripts.flatMap(\.commandIds)).count == scripts.reduce(0) { $0 + $1.commands.count })
    }

    @Test func badCountsAreRefusedNamingTheSetting() {
        #expect(CatalogSeedPlan(products: 0).invalidReason == "products must be between 1 and 100000, got 0")
        #expect(CatalogSeedPlan(ratings: -1).invalidReason == "ratings must be between 0 and 1000000, got -1")
        #expect(CatalogSeedPlan(users: 0).invalidReason == "users must be between 1 and 1000000, got 0")
        #expect(CatalogSeedPlan(products: 3, ratings: 7, users: 2).invalidReason?.hasPrefix("ratings (7) must not exceed products × users (6)") == true)
        #expect(CatalogSeedPlan(products: 3, ratings: 6, users: 2).invalidReason == nil)
        #expect(CatalogSeedPlan().invalidReason == nil)
    }

    @Test func theWriterSeedsAnEmptyStoreOnlyAndTheCatalogueSurvivesARestartAndMatchesThePlan() async throws {
        try await DeployedStores.with { stores in
            try await stores.initialize()
            let commands = Self.small.scripts().reduce(0) { $0 + $1.commands.count }
            try await stores.withClients(.writer) { writeStore, _ in
                let store = try await RedisEventStore.open(redis: writeStore)
                let handler = CommandHandler<Product>(store: store)
                var seeder = CatalogSeeder(plan: Self.small, concurrency: 8)
                seeder.progressInterval = .milliseconds(10)
                let reports = Reports()

                guard case .seeded(let report) = try await seeder.seedIfEmpty(store: store, handler: handler, progress: { reports.add($0) }) else {
                    Issue.record("an empty store was not seeded")
                    return
                }
                #expect(report.commands == commands)
                #expect(report.eventsAppended == commands)
                #expect(try await CatalogSeeder.eventCount(in: store) == commands)
                #expect(reports.last?.commandsDone == commands)
                #expect(reports.last?.commandsTotal == commands)

                let digest = try await stores.withClients(.admin) { admin, _ in try await admin.send("DEBUG", "DIGEST") }
                #expect(try await seeder.seedIfEmpty(store: store, handler: handler) == .skipped(existingEvents: commands))
                #expect(try await stores.withClients(.admin) { admin, _ in try await admin.send("DEBUG", "DIGEST") } == digest,
                        "a store with events is left as it is")

                // The AOF replays every append after a restart (under users.acl: see its
                // note on the default user).
                try await stores.write.restart()
                var events: Int?
                for _ in 0..<100 where events == nil {  // the client reconnects with backoff
                    events = try? await CatalogSeeder.eventCount(in: store)
                    if events == nil { try await Task.sleep(for: .milliseconds(50)) }
                }
                #expect(events == commands, "\(stores.write.logTail(lines: 3))")
            }

            let projection = ProductProjection()
            try await stores.project(projection)
            let query = try stores.client(.query, on: stores.read)
            defer { query.close() }
            let queries = ProductQueries(redis: query, layout: projection.layout)
            var products: [ProductDisplay] = []
            for id in 1...Int64(Self.small.products) { products.append(try #require(try await queries.findById(id))) }
            #expect(products.reduce(0) { $0 + $1.ratingCount } == Self.small.ratings)
            #expect(products.filter(\.isOutOfStock).count == Self.small.outOfStockCount)
            #expect(try await queries.findOutOfStockProducts(limit: 100).count == Self.small.outOfStockCount)
            let prefix = String(products[0].name.prefix(4)).uppercased()
            #expect(try await queries.findByName(prefix, limit: 100).contains { $0.id == 1 })
            try await stores.withClients(.admin) { writeStore, readStore in
                let verify = try await ProjectionAdmin(projection: projection, writeStore: writeStore, readStore: readStore, logger: DeployedStores.logger).verify()
                #expect(verify.isClean, "\(verify.differences)")
            }
        }
    }
}

/// Progress reports, collected from the seeder's reporting task.
final class Reports: Sendable {
    private let reports = Mutex<[SeedProgress]>([])
    func add(_ report: SeedProgress) { reports.withLock { $0.append(report) } }
    var last: SeedProgress? { reports.withLock { $0.last } }
}
