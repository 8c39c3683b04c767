import Foundation
import HummingbirdTesting
import LocalRedis
import ProductCatalog
import ProductReadModel
import QueryAPI
import RedisClient
import Synchronization
import Testing

@Suite("A replica failing under load")
struct ReplicaFailureTests {
    /// What the load's workers share.
    private final class Load: Sendable {
        let failures = Mutex<[String]>([])
        let served = Atomic<Int>(0)
        let stop = Atomic<Bool>(false)
        let servedAfterKill = Atomic<Int>(0)
    }

    private static let routes = [
        "/products/1", "/products/2/inventory", "/products?name=la", "/products/top-rated", "/products/out-of-stock",
        "/products/1/related", "/products/1?minVersion=3",
    ]

    @Test func aReplicaKilledDuringAQueryLoadFailsNoQuery() async throws {
        try await QuerySide.with { side in
            try await side.addLamp()
            try await side.handle(.addNewProduct(id: 2, name: "Lantern", description: "", unitPrice: try Price(parsing: "2")))
            try await side.handle(.rateProduct(productId: 1, userId: 7, rating: 4))
            try await side.handle(.rateProduct(productId: 2, userId: 7, rating: 5))
            try await side.handle(.rateProduct(productId: 1, userId: 8, rating: 3))
            try await side.project()
            try await side.readServer.withReplica { doomed in
                try await side.readServer.withReplica { survivor in
                    let clients = [RedisClient(doomed.configuration), RedisClient(survivor.configuration)]
                    defer { clients.forEach { $0.close() } }
                    for client in clients {
                        try await eventually("the replica has the read models") {
                            try await ProductQueries(redis: client).findById(1)?.version == 3
                        }
                    }
                    let servers = ReadServers(primary: side.queries, replicas: clients.map { ProductQueries(redis: $0) })
                    let load = Load()
                    try await side.api(servers: servers) { client in
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            for worker in 0..<16 {
                                group.addTask {
                                    var index = worker
                                    while !load.stop.load(ordering: .relaxed) {
                                        let route = Self.routes[index % Self.routes.count]
                                        index += 1
                                        let reply = try await client.get(route)
                                        if reply.status != 200 { load.failures.withLock { $0.append("\(route): \(reply.status) \(reply.text)") } }
                                        load.served.add(1, ordering: .relaxed)
                                    }
                                }
                            }
                            try await Task.sleep(for: .milliseconds(300))
                            await doomed.kill()
                            // Load on for at least 1.5 s and 200 more queries (30 s at most).
                            let killed = ContinuousClock.now
                            let atKill = load.served.load(ordering: .relaxed)
                            while ContinuousClock.now - killed < .seconds(30) {
                                try await Task.sleep(for: .milliseconds(100))
                                if ContinuousClock.now - killed >= .milliseconds(1500),
                                   load.served.load(ordering: .relaxed) - atKill >= 200 { break }
                            }
                            load.servedAfterKill.store(load.served.load(ordering: .relaxed) - atKill, ordering: .relaxed)
                            load.stop.store(true, ordering: .relaxed)
                            try await group.waitForAll()
                        }
                    }
                    #expect(load.failures.withLock { $0 }.isEmpty, "\(load.failures.withLock { $0.prefix(5) })")
                    #expect(load.servedAfterKill.load(ordering: .relaxed) >= 200)
                    #expect(try await commandCalls(clients[1], "fcall_ro") > 0, "the surviving replica served")
                }
            }
        }
    }
}
