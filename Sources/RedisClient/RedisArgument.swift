import NIOCore

/// One argument of a Redis command: text, raw bytes, or a number.
public enum RedisArgument: Sendable, Hashable {
    case string(String)
    case bytes([UInt8])
    case integer(Int64)
    case double(Double)
}

extension RedisArgument: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
}

extension RedisArgument {
    /// The argument as text, for error messages and logs.
    var text: String {
        switch self {
        case .string(let text): return text
        case .bytes(let bytes): return String(validating: bytes, as: UTF8.self) ?? "<\(bytes.count) bytes>"
        case .integer(let number): return String(number)
        case .double(let number): return String(number)
        }
    }

    /// Writes the argument as a RESP bulk string: `$<len>\r\n<bytes>\r\n`.
    func write(to buffer: inout ByteBuffer) {
        switch self {
        case .string(var text):
            text.withUTF8 { buffer.writeBulkString(UnsafeRawBufferPointer($0)) }
        case .bytes(let bytes):
            bytes.withUnsafeBytes { buffer.writeBulkString($0) }
        case .integer(let number):
            buffer.writeBulkInteger(number)
        case .double(let number):
            RedisArgument.string(number.isFinite ? String(number) : (number > 0 ? "+inf" : "-inf")).write(to: &buffer)
        }
    }
}

extension ByteBuffer {
    /// The most bytes a RESP header takes: a prefix, 20 digits and CRLF.
    static let respHeaderCapacity = 23

    /// Writes `<prefix><count>\r\n` (`*3\r\n`, `$12\r\n`), one capacity check for it all.
    @inline(__always)
    mutating func writeRESPHeader(_ prefix: UInt8, _ count: Int) {
        writeWithUnsafeMutableBytes(minimumWritableBytes: Self.respHeaderCapacity) { out in
            Self.putRESPHeader(prefix, count, into: out)
        }
    }

    /// Writes `$<count>\r\n<bytes>\r\n`, one capacity check for it all.
    @inline(__always)
    mutating func writeBulkString(_ bytes: UnsafeRawBufferPointer) {
        writeWithUnsafeMutableBytes(minimumWritableBytes: Self.respHeaderCapacity + bytes.count + 2) { out in
            var end = Self.putRESPHeader(UInt8(ascii: "$"), bytes.count, into: out)
            if let source = bytes.baseAddress, !bytes.isEmpty {
                (out.baseAddress! + end).copyMemory(from: source, byteCount: bytes.count)
                end += bytes.count
            }
            out[end] = 0x0D
            out[end + 1] = 0x0A
            return end + 2
        }
    }

    /// Writes `$<length>\r\n<decimal>\r\n` for `number`, without building its text first.
    @inline(__always)
    mutating func writeBulkInteger(_ number: Int64) {
        let sign = number < 0 ? 1 : 0
        let digits = Self.decimalDigits(number.magnitude)
        writeWithUnsafeMutableBytes(minimumWritableBytes: Self.respHeaderCapacity + sign + digits + 2) { out in
            var end = Self.putRESPHeader(UInt8(ascii: "$"), sign + digits, into: out)
            if sign == 1 {
                out[end] = UInt8(ascii: "-")
                end += 1
            }
            Self.putDecimal(number.magnitude, digits: digits, into: out, at: end)
            end += digits
            out[end] = 0x0D
            out[end + 1] = 0x0A
            return end + 2
        }
    }

    /// Puts `<prefix><count>\r\n` at the start of `out`, which has room for
    /// ``respHeaderCapacity`` bytes; returns how many it put.
    @inline(__always)
    private static func putRESPHeader(_ prefix: UInt8, _ count: Int, into out: UnsafeMutableRawBufferPointer) -> Int {
        precondition(count >= 0, "a RESP length or count is never negative")
        out[0] = prefix
        let digits = decimalDigits(UInt64(count))
        putDecimal(UInt64(count), digits: digits, into: out, at: 1)
        out[digits + 1] = 0x0D
        out[digits + 2] = 0x0A
        return digits + 3
    }

    /// Puts the `digits` decimal digits of `value` (``decimalDigits(_:)``) at `offset` of `out`.
    @inline(__always)
    private static func putDecimal(_ value: UInt64, digits: Int, into out: UnsafeMutableRawBufferPointer, at offset: Int) {
        var rest = value
        for index in stride(from: offset + digits - 1, through: offset, by: -1) {
            out[index] = UInt8(truncatingIfNeeded: 48 + rest % 10)
            rest /= 10
        }
    }

    /// How many decimal digits `value` has (1 for 0).
    @inline(__always)
    private static func decimalDigits(_ value: UInt64) -> Int {
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        return digits
    }
}
