import RedisClient
import Testing

/// The encoder writes each argument with one capacity check and raw stores; these
/// compare its bytes with RESP spelled out as text, at every digit-count boundary.
@Suite("RESP encoder")
struct RESPEncoderTests {
    /// `$<len>\r\n<text>\r\n` for each argument, after `*<count>\r\n$<len>\r\nNAME\r\n`.
    static func spelled(_ name: String, _ arguments: [[UInt8]]) -> [UInt8] {
        var bytes = Array("*\(arguments.count + 1)\r\n$\(name.utf8.count)\r\n\(name)\r\n".utf8)
        for argument in arguments {
            bytes += Array("$\(argument.count)\r\n".utf8) + argument + Array("\r\n".utf8)
        }
        return bytes
    }

    static let integers: [Int64] = [0, 1, 9, 10, 11, 99, 100, 12_345, -1, -9, -10, -100, .max, .min, .max - 1, .min + 1]

    @Test(arguments: integers)
    func integersAreWrittenInDecimal(_ number: Int64) {
        #expect(RedisCommand("SET", ["k", .integer(number)]).wireBytes == Self.spelled("SET", [Array("k".utf8), Array(String(number).utf8)]))
    }

    @Test(arguments: [0, 1, 9, 10, 99, 100, 999, 1_000, 65_535, 100_000])
    func bulkLengthsAtEveryDigitCount(_ length: Int) {
        let text = String(repeating: "x", count: length)
        let bytes = [UInt8](repeating: 0x0D, count: length)
        let command = RedisCommand("SET", [.string(text), .bytes(bytes)])
        #expect(command.wireBytes == Self.spelled("SET", [Array(text.utf8), bytes]))
    }

    @Test(arguments: [0, 8, 9, 10, 98, 99, 100, 1_000])
    func argumentCountsAtEveryDigitCount(_ count: Int) {
        let arguments = (0..<count).map { RedisArgument.string("a\($0)") }
        #expect(RedisCommand("DEL", arguments).wireBytes == Self.spelled("DEL", (0..<count).map { Array("a\($0)".utf8) }))
    }

    @Test func textIsWrittenAsUTF8AndDoublesAsText() {
        let command = RedisCommand("ZADD", ["zé", .double(1.5), .double(.infinity), .double(-.infinity), "日本"])
        #expect(command.wireBytes == Self.spelled("ZADD", ["zé", "1.5", "+inf", "-inf", "日本"].map { Array($0.utf8) }))
    }
}
