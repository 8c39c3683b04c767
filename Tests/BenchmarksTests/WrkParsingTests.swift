@testable import Benchmarks
import Testing

@Suite("Reading wrk's output")
struct WrkParsingTests {
    @Test func throughputAndPercentiles() throws {
        let output = """
        Running 10s test @ http://127.0.0.1:8080/health
          2 threads and 50 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency     1.10ms  512.33us  12.40ms   80.00%
          Latency Distribution
             50%  812.00us
             75%    1.20ms
             90%    1.60ms
             99%    2.90ms
          431002 requests in 10.00s, 50.12MB read
          Socket errors: connect 0, read 2, write 0, timeout 1
          Non-2xx or 3xx responses: 7
        Requests/sec:  43100.20
        Transfer/sec:      5.01MB
        """
        let result = try WrkTool.parse(output)
        #expect(result.requestsPerSecond == 43100.20)
        #expect(abs(result.p50Milliseconds - 0.812) < 1e-9)
        #expect(result.p99Milliseconds == 2.9)
        #expect(result.errors == 10)
    }

    @Test func outputWithoutResultsIsAnError() {
        #expect(throws: (any Error).self) { try WrkTool.parse("unable to connect to 127.0.0.1:1 Connection refused") }
    }

    @Test func latencyUnits() {
        #expect(WrkTool.milliseconds("250.00us") == 0.25)
        #expect(WrkTool.milliseconds("2.00s") == 2000)
        #expect(WrkTool.milliseconds("3.5ms") == 3.5)
        #expect(WrkTool.milliseconds("oops") == nil)
    }
}
