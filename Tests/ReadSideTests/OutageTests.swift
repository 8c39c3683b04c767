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
}
