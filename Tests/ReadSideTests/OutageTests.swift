import Foundation
import LocalRedis
import ProjectorRuntime
import Testing

@Suite("Store outages")
struct OutageTests {
    @Test func projectorsRideOutAReadStoreRestartWithoutLoss() async throws {
        let durable = RedisServerOptions(appendOnly: true, appendFsync: "always", label: "read-aof")
        try await ReadSide.with(partitions: 4, readOptions: durable) { side in
            let instances = [side.projector("a"), side.projector("b")]
            try await side.running(instances) {
                async let written = side.write(2500, products: 80, pause: .milliseconds(3))
                try await Task.sleep(for: .milliseconds(300))
                await side.readServer.kill()
                try await Task.sleep(for: .seconds(1))
                try await side.readServer.restart()
                _ = try await written
                try await side.waitUntilCaughtUp()
            }
            try await side.expectClean("after the read store came back")
            #expect(try await side.admin.deadLetters().isEmpty, "an outage parks nothing")
            #expect(instances.allSatisfy { $0.statistics.parked == 0 })
        }
    }

    /// A read store that loses its last applies (AOF everysec and a machine crash; here
    /// its AOF is put back to an earlier copy) while their entries stay acknowledged: the
    /// projectors notice the restart and re-apply the log from the mark they kept.
    @Test func aReadStoreThatLostItsLastWritesIsRepairedFromTheLog() async throws {
        let durable = RedisServerOptions(appendOnly: true, appendFsync: "always", label: "read-lost-tail")
        try await ReadSide.with(partitions: 4, readOptions: durable) { side in
            let instances = [side.projector("a"), side.projector("b")]
            try await side.running(instances) {
                try await side.write(600, products: 40)
                try await side.waitUntilCaughtUp()
                try await Task.sleep(for: .milliseconds(500))  // marks are written every 100 ms here
                let aof = side.readServer.directory + "/appendonlydir"
                let saved = side.readServer.directory + "/appendonlydir.saved"
                try FileManager.default.copyItem(atPath: aof, toPath: saved)
                // The tail the store will lose: new products, and ratings of earlier ones.
                try await side.write(400, products: 30, firstProductId: 1000)
                for id in 1...10 { _ = try? await side.handle(.rateProduct(productId: Int64(id), userId: 7, rating: 5)) }
                try await side.waitUntilCaughtUp()
                await side.readServer.kill()
                try FileManager.default.removeItem(atPath: aof)
                try FileManager.default.moveItem(atPath: saved, toPath: aof)
                try await side.readServer.restart()
                let deadline = ContinuousClock.now + .seconds(20)
                while ContinuousClock.now < deadline, (try? await side.admin.verify(maxDifferences: 1))?.isClean != true {
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
            try await side.expectClean("after the read store lost its last writes")
            #expect(try await side.admin.deadLetters().isEmpty, "re-applying parks nothing")
        }
    }
}
