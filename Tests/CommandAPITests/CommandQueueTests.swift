import CommandAPI
import CommandQueue
import EventSourcing
import Foundation
import ProductCatalog
import RedisClient
import ServiceLifecycle
import Testing

@Suite("The command queue: workers of the consumer group against a real redis-server")
struct CommandQueueTests {
    private static func configuration(_ consumer: String) -> CommandWorkerConfiguration {
        CommandWorkerConfiguration(
            consumer: consumer, batchSize: 16, blockTime: .milliseconds(100), claimIdle: .milliseconds(300),
            claimInterval: .milliseconds(100), maxDeliveries: 3, retryDelay: .milliseconds(20))
    }

    /// Runs `body` while `count` workers (consumers `worker-0`, ...) run, then stops them.
    private func withWorkers<T: Sendable>(
        _ fixture: RedisAPIFixture, count: Int = 1, service: CommandService? = nil, _ body: @Sendable () async throws -> T
    ) async throws -> T {
        let service = service ?? fixture.service()
        return try await withThrowingTaskGroup(of: T?.self) { group in
            for index in 0..<count {
                let worker = CommandWorker(client: fixture.redis, service: service, configuration: Self.configuration("worker-\(index)"), logger: CapturedLogs.quiet)
                group.addTask {
                    try await worker.run()
                    return nil
                }
            }
            let result = try await body()
            group.cancelAll()
            try await group.waitForAll()
            return result
        }
    }

    private func expectAllAcked(_ fixture: RedisAPIFixture, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let stream = CommandQueueKeys().stream
        #expect(try await fixture.redis.xpendingSummary(stream, group: CommandQueueKeys.group).count == 0, sourceLocation: sourceLocation)
        #expect(try await fixture.redis.send(.xlen(stream)).int == 0, "acked entries are deleted", sourceLocation: sourceLocation)
    }

    @Test func twoWorkersApplyConcurrentInventoryChangesExactly() async throws {
        try await RedisAPIFixture.with { fixture in
            let queue = CommandQueueClient(redis: fixture.redis)
            try await withWorkers(fixture, count: 2) {
                // Order across workers is not guaranteed: wait for the product before changing it.
                let created = UUID()
                try await queue.submit(.addNewProduct, body: ["id": 1, "name": "Nut", "description": "", "unitPrice": .number("0.05")], commandId: created)
                let first = try await queue.waitForResult(created.uuidString)
                #expect(first == CommandResult(status: 201, body: ["id": 1, "version": 1]))
                let ids = try await (0..<200).asyncMap { index in
                    let id = UUID()
                    try await queue.submit(.addToInventory, body: ["productId": 1, "quantity": .integer(index % 5 + 1)], commandId: id)
                    return id
                }
                var versions: Set<Int64> = []
                for id in ids {
                    let result = try #require(try await queue.waitForResult(id.uuidString))
                    #expect(result.status == 200, "\(result.body.serializedString())")
                    versions.insert(try #require(result.body["version"]?.int64Value))
                }
                #expect(versions == Set(2...201), "every command got its own version")
            }
            #expect(try await fixture.state(of: 1).stock == (0..<200).map { Int64($0 % 5 + 1) }.reduce(0, +))
            #expect(try await fixture.events(of: 1).count == 201)
            #expect(try await fixture.state(of: 1).unitPrice.description == "0.05")
            try await expectAllAcked(fixture)
            let consumers = try await fixture.redis.send("XINFO", "CONSUMERS", .string(CommandQueueKeys().stream), .string(CommandQueueKeys.group))
            #expect(consumers.array?.count == 2, "both workers joined the group")
        }
    }

    @Test func oneWorkerRunsAProductsCommandsInStreamOrder() async throws {
        try await RedisAPIFixture.with { fixture in
            let queue = CommandQueueClient(redis: fixture.redis)
            // Create, add 5, ship 3, ship 2: any other order would fail one of them.
            let commands = [UUID(), UUID(), UUID(), UUID()]
            try await queue.submit(.addNewProduct, body: ["id": 4, "name": "Bolt", "description": "", "unitPrice": "1"], commandId: commands[0])
            try await queue.submit(.addToInventory, body: ["productId": 4, "quantity": 5], commandId: commands[1])
            try await queue.submit(.confirmItemsShipped, body: ["productId": 4, "quantity": 3], commandId: commands[2])
            try await queue.submit(.confirmItemsShipped, body: ["productId": 4, "quantity": 2], commandId: commands[3])
            try await withWorkers(fixture) {
                for (index, id) in commands.enumerated() {
                    let result = try #require(try await queue.waitForResult(id.uuidString))
                    #expect(result.body["version"] == .integer(Int64(index + 1)), "\(result.body.serializedString())")
                }
            }
            #expect(try await fixture.state(of: 4).stock == 0)
        }
    }

    @Test func reSendingACommandIdAnswersTheFirstOutcomeAndAppendsOnce() async throws {
        try await RedisAPIFixture.with { fixture in
            let queue = CommandQueueClient(redis: fixture.redis)
            try await queue.submit(.addNewProduct, body: ["id": 5, "name": "Cog", "description": "", "unitPrice": "3.10"])
            let id = UUID()
            try await queue.submit(.addToInventory, body: ["productId": 5, "quantity": 4], commandId: id)
            try await queue.submit(.addToInventory, body: ["productId": 5, "quantity": 4], commandId: id)
            try await withWorkers(fixture) {
                let first = try #require(try await queue.waitForResult(id.uuidString))
                #expect(first == CommandResult(status: 200, body: ["id": 5, "version": 2]))
                try await queue.submit(.addToInventory, body: ["productId": 5, "quantity": 4], commandId: id)
                try await Task.sleep(for: .milliseconds(300))
                #expect(try await queue.result(commandId: id) == first)
            }
            #expect(try await fixture.events(of: 5).count == 2)
            #expect(try await fixture.state(of: 5).stock == 4)
            try await expectAllAcked(fixture)
        }
    }

    @Test func badCommandsGetErrorResultsAndAreAcked() async throws {
        try await RedisAPIFixture.with { fixture in
            let queue = CommandQueueClient(redis: fixture.redis)
            let stream = CommandQueueKeys().stream
            @Sendable @discardableResult
            func raw(_ fields: [(String, String)]) async throws -> String {
                try await fixture.redis.xadd(stream, fields: fields.map { ($0.0, .string($0.1)) })
            }
            /// Adds a command entry; returns its id and the status and field its result must have.
            @Sendable
            func command(_ type: String, _ body: String?, expectedVersion: String? = nil, status: Int, field: String?) async throws -> (UUID, Int, String?) {
                let id = UUID()
                var fields = [("commandId", id.uuidString), ("type", type)]
                if let body { fields.append(("body", body)) }
                if let expectedVersion { fields.append(("expectedVersion", expectedVersion)) }
                try await raw(fields)
                return (id, status, field)
            }
            try await withWorkers(fixture) {
                let setup = [UUID(), UUID()]
                try await queue.submit(.addNewProduct, body: ["id": 7, "name": "Gear", "description": "", "unitPrice": "2"], commandId: setup[0])
                try await queue.submit(.addToInventory, body: ["productId": 7, "quantity": 2], commandId: setup[1])
                for id in setup { #expect(try await queue.waitForResult(id.uuidString)?.succeeded == true) }

                let noId = try await raw([("type", "AddToInventory"), ("body", #"{"productId":7,"quantity":1}"#)])
                let badId = try await raw([("commandId", "nope"), ("type", "AddToInventory"), ("body", #"{"productId":7,"quantity":1}"#)])
                let cases = [
                    try await command("DeleteEverything", "{}", status: 400, field: "type"),
                    try await command("AddToInventory", nil, status: 400, field: "body"),
                    try await command("AddToInventory", "{not json", status: 400, field: nil),
                    try await command("AddToInventory", #"{"productId":7,"quantity":"1"}"#, status: 400, field: "quantity"),
                    try await command("AddToInventory", #"{"productId":"7","quantity":1}"#, status: 400, field: "productId"),
                    try await command("AddToInventory", #"{"quantity":1}"#, status: 400, field: "productId"),
                    try await command("AddToInventory", #"{"productId":7,"quantity":1}"#, expectedVersion: "x", status: 400, field: "expectedVersion"),
                    try await command("AddToInventory", #"{"productId":7,"quantity":1}"#, expectedVersion: "1", status: 412, field: "expectedVersion"),
                    try await command("ConfirmItemsShipped", #"{"productId":7,"quantity":3}"#, status: 422, field: "quantity"),
                    try await command("AddToInventory", #"{"productId":8,"quantity":1}"#, status: 404, field: nil),
                    try await command("AddNewProduct", #"{"id":7,"name":"Gear","description":"","unitPrice":"2"}"#, status: 409, field: nil),
                ]
                for entryId in [noId, badId] {
                    let result = try #require(try await queue.waitForResult(entryId), "an entry without a valid commandId answers under its entry id")
                    #expect(result.status == 400 && result.body["field"] == "commandId", "\(result.body.serializedString())")
                }
                for (id, status, field) in cases {
                    let result = try #require(try await queue.waitForResult(id.uuidString))
                    #expect(result.status == status, "\(result.body.serializedString())")
                    #expect(result.body["field"]?.stringValue == field, "\(result.body.serializedString())")
                    #expect(result.body["error"]?.stringValue?.isEmpty == false)
                }
                #expect(try await queue.result(commandId: cases[7].0)?.body["currentVersion"] == .integer(2))
                let ttl = try await fixture.redis.send(.ttl(CommandQueueKeys().result(cases[0].0.uuidString.lowercased()))).int ?? 0
                #expect(ttl > 86_000 && ttl <= 86_400, "results expire after a day")
            }
            #expect(try await fixture.events(of: 7).count == 2, "no bad command wrote anything")
            try await expectAllAcked(fixture)
        }
    }

    @Test func entriesLeftByADeadWorkerAreClaimedAndRun() async throws {
        try await RedisAPIFixture.with { fixture in
            let queue = CommandQueueClient(redis: fixture.redis)
            let stream = CommandQueueKeys().stream
            try await fixture.redis.xgroupCreateIfMissing(stream, group: CommandQueueKeys.group, id: "0")
            let ids = [UUID(), UUID(), UUID()]
            try await queue.submit(.addNewProduct, body: ["id": 9, "name": "Axle", "description": "", "unitPrice": .number("12.5")], commandId: ids[0])
            try await queue.submit(.addToInventory, body: ["productId": 9, "quantity": 6], commandId: ids[1])
            try await queue.submit(.confirmItemsShipped, body: ["productId": 9, "quantity": 2], commandId: ids[2])
            // A worker that reads them and dies before running them.
            let taken = try await fixture.redis.xreadgroup(group: CommandQueueKeys.group, consumer: "crashed-worker", streams: [(stream, ">")], count: 10)
            #expect(taken[stream]?.count == 3)
            try await withWorkers(fixture) {
                for id in ids {
                    let result = try #require(try await queue.waitForResult(id.uuidString))
                    #expect(result.succeeded, "\(result.body.serializedString())")
                }
            }
            #expect(try await fixture.state(of: 9).stock == 4)
            #expect(try await fixture.state(of: 9).unitPrice.description == "12.50")
            try await expectAllAcked(fixture)
        }
    }

    @Test func aRetryableOutcomeIsRetriedThenWrittenAsTheResult() async throws {
        try await RedisAPIFixture.with { fixture in
            let queue = CommandQueueClient(redis: fixture.redis)
            let logs = CapturedLogs()
            let down = CommandService(handler: CommandHandler(store: FailingStore(error: EventStoreError(.unavailable, "connection refused"))), logger: logs.logger)
            let id = UUID()
            try await queue.submit(.addToInventory, body: ["productId": 1, "quantity": 1], commandId: id)
            try await withWorkers(fixture, service: down) {
                let result = try #require(try await queue.waitForResult(id.uuidString))
                #expect(result.status == 503)
                #expect(result.body["error"]?.stringValue?.contains("was not applied") == true)
            }
            #expect(logs.all.count == Self.configuration("").maxDeliveries, "tried once per delivery: \(logs.all.map(\.message))")
            try await expectAllAcked(fixture)
        }
    }

    @Test func gracefulShutdownStopsTheWorkerAfterItsBatch() async throws {
        try await RedisAPIFixture.with { fixture in
            let worker = CommandWorker(client: fixture.redis, service: fixture.service(), configuration: Self.configuration("graceful"), logger: CapturedLogs.quiet)
            let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [worker], logger: CapturedLogs.quiet))
            let started = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                let queue = CommandQueueClient(redis: fixture.redis)
                let id = UUID()
                try await queue.submit(.addNewProduct, body: ["id": 3, "name": "Pin", "description": "", "unitPrice": "1"], commandId: id)
                #expect(try await queue.waitForResult(id.uuidString)?.status == 201)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            #expect(ContinuousClock.now - started < .seconds(3))
        }
    }
}
