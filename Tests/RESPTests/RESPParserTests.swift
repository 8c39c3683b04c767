import RedisClient
import Testing

@Suite("RESP parsing through hiredis's reader, no server")
struct RESPParserTests {
    private func parseAll(_ text: String) throws -> [RESPValue] {
        try parseAll(Array(text.utf8))
    }

    private func parseAll(_ bytes: [UInt8]) throws -> [RESPValue] {
        let parser = RESPParser()
        try parser.feed(bytes)
        var values: [RESPValue] = []
        while let value = try parser.next() { values.append(value) }
        return values
    }

    @Test func everyReplyType() throws {
        let values = try parseAll("+OK\r\n-ERR wrong\r\n:42\r\n:-7\r\n$5\r\nhello\r\n$0\r\n\r\n$-1\r\n*-1\r\n*0\r\n")
        #expect(values == [
            .simpleString("OK"), .error("ERR wrong"), .integer(42), .integer(-7),
            .bulkString(Array("hello".utf8)), .bulkString([]), .null, .null, .array([]),
        ])
    }

    @Test func partialFramesFedByteByByte() throws {
        let wire = Array("*3\r\n$3\r\nfoo\r\n:12\r\n*2\r\n+a\r\n$-1\r\n+PONG\r\n".utf8)
        let parser = RESPParser()
        var values: [RESPValue] = []
        for byte in wire {
            try parser.feed([byte])
            while let value = try parser.next() { values.append(value) }
        }
        #expect(values == [
            .array([.bulkString(Array("foo".utf8)), .integer(12), .array([.simpleString("a"), .null])]),
            .simpleString("PONG"),
        ])
    }

    @Test func nothingBeforeTheFrameIsComplete() throws {
        let parser = RESPParser()
        try parser.feed(Array("$9\r\nhalf".utf8))
        #expect(try parser.next() == nil)
        try parser.feed(Array("-done\r\n".utf8))
        #expect(try parser.next() == .bulkString(Array("half-done".utf8)))
    }

    @Test func nestedArrays() throws {
        let values = try parseAll("*2\r\n*2\r\n*1\r\n:1\r\n*0\r\n*3\r\n$1\r\na\r\n*1\r\n$-1\r\n:3\r\n")
        #expect(values == [
            .array([
                .array([.array([.integer(1)]), .array([])]),
                .array([.bulkString([97]), .array([.null]), .integer(3)]),
            ]),
        ])
    }

    @Test func errorRepliesAreValuesWithTheirCode() throws {
        let values = try parseAll("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")
        #expect(values.count == 1)
        let error = try #require(throws: RedisServerError.self) { try values[0].throwingServerError() }
        #expect(error.code == "WRONGTYPE")
        #expect(error.message.hasPrefix("WRONGTYPE Operation"))
    }

    @Test func binarySafeBulkStrings() throws {
        let payload: [UInt8] = [0, 1, 0xFF, 0xFE, 13, 10, 0, 0xC3]
        var wire = Array("$\(payload.count)\r\n".utf8)
        wire += payload
        wire += Array("\r\n".utf8)
        let values = try parseAll(wire)
        #expect(values == [.bulkString(payload)])
        #expect(values[0].string == nil, "invalid UTF-8 has no text view")
        #expect(values[0].bytes == payload)
    }

    @Test func oneMebibyteBulkString() throws {
        let payload = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var wire = Array("$\(payload.count)\r\n".utf8)
        wire += payload
        wire += Array("\r\n:1\r\n".utf8)
        let parser = RESPParser()
        var values: [RESPValue] = []
        var offset = 0
        while offset < wire.count {
            let end = min(offset + 65_536, wire.count)
            try parser.feed(Array(wire[offset..<end]))
            while let value = try parser.next() { values.append(value) }
            offset = end
        }
        #expect(values.count == 2)
        #expect(values.first?.bytes == payload)
        #expect(values.last == .integer(1))
    }

    @Test(arguments: ["?what\r\n", "$abc\r\n", ":12x\r\n", "*-5x\r\n", "$-2\r\n"])
    func garbageIsAProtocolErrorNotACrash(_ garbage: String) {
        let error = #expect(throws: RedisClientError.self) { try parseAll(garbage) }
        #expect(error?.kind == .protocolError)
        #expect(error?.message.contains("protocol error") == true)
    }

    @Test func stringConveniences() {
        #expect(RESPValue.bulkString(Array("12".utf8)).int == 12)
        #expect(RESPValue.integer(5).string == "5")
        #expect(RESPValue.bulkString(Array("1.5".utf8)).double == 1.5)
        #expect(RESPValue.null.isNull)
        #expect(RESPValue.array([.integer(1)]).array == [.integer(1)])
        #expect(RESPValue.simpleString("OK").string == "OK")
    }
}
