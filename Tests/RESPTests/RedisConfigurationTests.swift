import RedisClient
import Testing

@Suite("redis:// URLs")
struct RedisConfigurationTests {
    @Test func fullURL() throws {
        let config = try RedisConfiguration(url: "redis://writer:s%40cret@127.0.0.1:6380/3")
        #expect(config.host == "127.0.0.1")
        #expect(config.port == 6380)
        #expect(config.username == "writer")
        #expect(config.password == "s@cret")
        #expect(config.database == 3)
        #expect(config.redactedURL == "redis://writer:***@127.0.0.1:6380/3")
        #expect(!config.description.contains("cret"))
    }

    @Test func defaults() throws {
        let config = try RedisConfiguration(url: "redis://localhost")
        #expect(config.port == 6379)
        #expect(config.username == nil)
        #expect(config.password == nil)
        #expect(config.database == 0)
    }

    @Test func passwordOnly() throws {
        let config = try RedisConfiguration(url: "redis://:pw@localhost:7000")
        #expect(config.username == nil)
        #expect(config.password == "pw")
    }

    @Test(arguments: ["http://localhost", "redis://", "redis://host:99999", "redis://host/x", "redis://host/-1", "not a url"])
    func badURLsNameTheProblem(_ url: String) {
        let error = #expect(throws: RedisClientError.self) { try RedisConfiguration(url: url) }
        #expect(error?.kind == .invalidConfiguration)
    }

    @Test func encoderWritesExactRESP() throws {
        let command = RedisCommand.hset("key", [("f", .integer(1234567890)), ("g", .bytes([0, 255]))])
        var expected = Array("*6\r\n$4\r\nHSET\r\n$3\r\nkey\r\n$1\r\nf\r\n$10\r\n1234567890\r\n$1\r\ng\r\n$2\r\n".utf8)
        expected += [0, 255] + Array("\r\n".utf8)
        #expect(command.wireBytes == expected)
        #expect(command.key == "key")
    }

    @Test func functionCallsEncodeNameFunctionKeyCountKeysThenArguments() {
        let command = RedisCommand.fcall("f", keys: ["k1", "k2"], arguments: ["a", .integer(12), .bytes([7])])
        let spelled = RedisCommand("FCALL", ["f", 2, "k1", "k2", "a", .integer(12), .bytes([7])])
        #expect(command.wireBytes == spelled.wireBytes)
        #expect(command.key == "k1")
        #expect(RedisCommand.fcallReadOnly("f", keys: []).wireBytes == Array("*3\r\n$8\r\nFCALL_RO\r\n$1\r\nf\r\n$1\r\n0\r\n".utf8))
    }

    @Test func encoderRoundTripsThroughTheParser() throws {
        // A command is a RESP array of bulk strings: hiredis reads it back argument for argument.
        let long = String(repeating: "x", count: 12_345)
        let command = RedisCommand("XADD", ["s", "*", .string(long), .integer(-42), .double(1.5), .bytes([0, 10, 13])])
        let parser = RESPParser()
        try parser.feed(command.wireBytes)
        let value = try #require(try parser.next())
        #expect(value == .array([
            "XADD", "s", "*", .bulkString(Array(long.utf8)), "-42", "1.5", .bulkString([0, 10, 13]),
        ]))
    }
}
