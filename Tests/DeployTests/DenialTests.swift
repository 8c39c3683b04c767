import EventSourcing
import EventStore
import Foundation
import ProductCatalog
import ProductReadModel
import ProjectorRuntime
import RedisClient
import Testing

@Suite("deploy/redis/users.acl: each role is denied outside its job")
struct DenialTests {
    static let projection = ProductProjection()
    static let product = "cqrs:rm:g1:product:1"
    static let functionSource = "#!lua name=intruder\nredis.register_function('intruder', function() return 1 end)"

    /// Initialised stores holding product 1, projected into the live generation g1.
    static func withProduct(_ body: (DeployedStores) async throws -> Void) async throws {
        try await DeployedStores.with { stores in
            try await stores.initialize()
            try await stores.withClients(.admin) { writeStore, readStore in
                let handler = CommandHandler<Product>(store: try await RedisEventStore.open(redis: writeStore))
                _ = try await handler.handle(
                    .addNewProduct(id: 1, name: "Oak chair", description: "", unitPrice: try Price(parsing: "9.99")), metadata: CommandMetadata(commandId: UUID()))
            }
            try await stores.project(projection)
            // The replica (which the query tests read) has every write of the projector.
            try await stores.waitForReplica()
            let name = try await stores.withClients(.admin) { _, readStore in try await readStore.send("HGET", .string(product), "name").string }
            #expect(name == "Oak chair")
            try await body(stores)
            // Whatever was tried, nothing changed.
            try await stores.withClients(.admin) { writeStore, readStore in
                #expect(try await readStore.send("HGET", .string(product), "name").string == "Oak chair")
                #expect(try await readStore.send("FUNCTION", "LIST", "LIBRARYNAME", "intruder").array?.isEmpty == true)
                #expect(try await writeStore.send("FUNCTION", "LIST", "LIBRARYNAME", "intruder").array?.isEmpty == true)
                var events: Int64 = 0
                for partition in 0..<2 { events += try await writeStore.send(.xlen("cqrs:{p\(partition)}:log")).int ?? 0 }
                #expect(events == 1, "only the product's creation is in the log")
            }
        }
    }

    private static func expectDenied(
        _ client: RedisClient, _ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        let error = await #expect(throws: RedisServerError.self, "\(arguments.joined(separator: " ")) is denied", sourceLocation: sourceLocation) {
            try await client.send(RedisCommand(arguments[0], arguments.dropFirst().map { RedisArgument.string($0) }))
        }
        #expect(error?.code == "NOPERM", "\(arguments.joined(separator: " ")): \(String(describing: error))", sourceLocation: sourceLocation)
    }

    @Test func queryCannotWriteCallFunctionsThatWriteOrReadTheWriteStore() async throws {
        try await Self.withProduct { stores in
            for server in [stores.read, stores.replica] {
                let query = try stores.client(.query, on: server)
                defer { query.close() }
                #expect(try await query.send("HGET", .string(Self.product), "name").string == "Oak chair", "query reads the read models")
                await Self.expectDenied(query, "HSET", Self.product, "name", "Forged")
                await Self.expectDenied(query, "DEL", "cqrs:rm:live")
                await Self.expectDenied(query, "XADD", "cqrs:rm:g1:dlq", "*", "f", "v")
                await Self.expectDenied(query, "FCALL", "cqrs_rm_apply", "1", Self.product)
                await Self.expectDenied(query, "FUNCTION", "LOAD", Self.functionSource)
                await Self.expectDenied(query, "FLUSHALL")
            }
            let query = try stores.client(.query, on: stores.write)
            defer { query.close() }
            await Self.expectDenied(query, "XRANGE", "cqrs:{p0}:log", "-", "+")
            await Self.expectDenied(query, "XRANGE", "cqrs:{p1}:log", "-", "+")
            await Self.expectDenied(query, "HGETALL", "cqrs:meta")
            await Self.expectDenied(query, "FCALL_RO", "cqrs_load", "1", "cqrs:{p0}:idx:Product:1")
            await Self.expectDenied(query, "XADD", "cqrs:{p0}:log", "*", "f", "v")
        }
    }

    @Test func projectorCannotAppendEvents() async throws {
        try await Self.withProduct { stores in
            try await stores.withClients(.projector) { writeStore, readStore in
                #expect(try await writeStore.send(.xlen("cqrs:{p0}:log")).int != nil, "projector reads the log")
                // Through the append function, as the command path does it.
                let store = try await RedisEventStore.open(redis: writeStore)
                let handler = CommandHandler<Product>(store: store)
                let error = await #expect(throws: (any Error).self) {
                    try await handler.handle(.addToInventory(productId: 1, quantity: 5), metadata: CommandMetadata(commandId: UUID()))
                }
                #expect(String(describing: error).contains("NOPERM"), "\(String(describing: error))")
                for partition in 0..<2 {
                    await Self.expectDenied(writeStore, "XADD", "cqrs:{p\(partition)}:log", "*", "type", "ProductAdded")
                    await Self.expectDenied(writeStore, "DEL", "cqrs:{p\(partition)}:log")
                }
                await Self.expectDenied(writeStore, "FUNCTION", "LOAD", Self.functionSource)
                await Self.expectDenied(readStore, "FUNCTION", "LOAD", Self.functionSource)
                await Self.expectDenied(writeStore, "HSET", "cqrs:meta", "partitions", "3")
                await Self.expectDenied(readStore, "FLUSHALL")
                await Self.expectDenied(readStore, "KEYS", "*")
            }
        }
    }

    @Test func writerCannotTouchTheReadModels() async throws {
        try await Self.withProduct { stores in
            try await stores.withClients(.writer) { writeStore, readStore in
                let partitions = try await writeStore.send("HGET", "cqrs:meta", "partitions").string
                #expect(partitions == "2", "writer reads the store's meta")
                await Self.expectDenied(readStore, "HSET", Self.product, "name", "Forged")
                await Self.expectDenied(readStore, "HGET", Self.product, "name")
                await Self.expectDenied(readStore, "SET", "cqrs:rm:live", "g9")
                await Self.expectDenied(readStore, "FCALL", "cqrs_rm_apply", "1", Self.product)
                await Self.expectDenied(readStore, "FUNCTION", "LOAD", Self.functionSource)
                await Self.expectDenied(writeStore, "FUNCTION", "LOAD", Self.functionSource)
                await Self.expectDenied(writeStore, "FLUSHALL")
                await Self.expectDenied(writeStore, "CONFIG", "SET", "appendonly", "no")
                await Self.expectDenied(writeStore, "HSET", "cqrs:meta", "partitions", "3")
            }
        }
    }

    @Test func noUserNoAccessAndTheReplicationUserOnlyReplicates() async throws {
        try await Self.withProduct { stores in
            let anonymous = RedisClient(RedisConfiguration(host: stores.read.host, port: stores.read.port))
            defer { anonymous.close() }
            let error = await #expect(throws: RedisServerError.self) { try await anonymous.send("GET", "cqrs:rm:live") }
            #expect(error?.code == "NOAUTH", "the default user is off: \(String(describing: error))")
            // Without CLIENT SETNAME, which the replication user may not run either.
            let replica = RedisClient(RedisConfiguration(
                host: stores.read.host, port: stores.read.port, username: "replica", password: stores.password(.replica)))
            defer { replica.close() }
            await Self.expectDenied(replica, "GET", "cqrs:rm:live")
            await Self.expectDenied(replica, "SET", "cqrs:rm:live", "g9")
        }
    }
}
