import RedisClient

/// Measures our client's throughput: explicit pipelines, or many tasks each sending
/// one command at a time (automatic pipelining).
struct ClientThroughput {
    let client: RedisClient

    /// `tasks` concurrent tasks each sending explicit pipelines of `batch` commands,
    /// `total` commands in all. Each command is built (encoded) as it is sent.
    func pipelined(total: Int, tasks: Int, batch: Int, _ make: @escaping @Sendable () -> RedisCommand) async throws -> Double {
        let perTask = total / tasks
        return try await timed(count: perTask * tasks) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<tasks {
                    group.addTask {
                        var sent = 0
                        while sent < perTask {
                            let size = min(batch, perTask - sent)
                            let results = try await client.pipeline((0..<size).map { _ in make() })
                            for result in results { _ = try result.get() }
                            sent += size
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    /// `tasks` concurrent tasks each awaiting one command at a time.
    func oneAtATime(total: Int, tasks: Int, _ make: @escaping @Sendable () -> RedisCommand) async throws -> Double {
        let perTask = total / tasks
        return try await timed(count: perTask * tasks) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<tasks {
                    group.addTask {
                        for _ in 0..<perTask { _ = try await client.send(make()) }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    private func timed(count: Int, _ body: () async throws -> Void) async throws -> Double {
        let clock = ContinuousClock()
        let started = clock.now
        try await body()
        return Double(count) / (clock.now - started).seconds
    }
}
