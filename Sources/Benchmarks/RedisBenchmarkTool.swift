/// `redis-benchmark`, the reference every client figure is compared with.
struct RedisBenchmarkTool {
    let port: Int
    var path = "/usr/bin/redis-benchmark"

    /// Requests per second for `command`, with `clients` connections and `pipeline`
    /// requests in flight on each.
    func requestsPerSecond(_ command: [String], clients: Int, pipeline: Int, requests: Int, randomKeyspace: Int? = nil) async throws -> Double {
        var arguments = ["-h", "127.0.0.1", "-p", String(port), "-c", String(clients), "-P", String(pipeline),
                         "-n", String(requests), "--csv"]
        if let randomKeyspace { arguments += ["-r", String(randomKeyspace)] }
        arguments += command
        let output = try await ExternalProgram.run(path, arguments)
        // "test","rps",...  then  "HGETALL h","781249.94",...
        for line in output.split(whereSeparator: \.isNewline) where !line.hasPrefix("\"test\"") {
            // The test name may hold commas (a JSON argument): count from the end,
            // where rps is followed by six latency columns.
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: ["\""]) }
            if fields.count >= 8, let rps = Double(fields[fields.count - 7]) { return rps }
        }
        throw ExternalProgram.Failure(description: "no result in redis-benchmark output: \(output.prefix(300))")
    }
}
