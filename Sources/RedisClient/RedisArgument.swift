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
            text.withUTF8 { utf8 in
                buffer.writeBulkHeader(utf8.count)
                buffer.writeBytes(utf8)
            }
        case .bytes(let bytes):
            buffer.writeBulkHeader(bytes.count)
            buffer.writeBytes(bytes)
        case .integer(let number):
            var digits = String(number)
            digits.withUTF8 { utf8 in
                buffer.writeBulkHeader(utf8.count)
                buffer.writeBytes(utf8)
            }
        case .double(let number):
            let text = number.isFinite ? String(number) : (number > 0 ? "+inf" : "-inf")
            RedisArgument.string(text).write(to: &buffer)
            return
        }
        buffer.writeCRLF()
    }
}

extension ByteBuffer {
    @inline(__always)
    mutating func writeCRLF() {
        writeInteger(UInt16(0x0D0A))
    }

    /// Writes `<prefix><decimal>\r\n` without allocating.
    @inline(__always)
    mutating func writeRESPHeader(_ prefix: UInt8, _ count: Int) {
        writeInteger(prefix)
        if count < 10 {
            writeInteger(UInt8(48 + count))
        } else {
            var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
            var value = count
            var length = 0
            withUnsafeMutableBytes(of: &digits) { raw in
                while value > 0 {
                    raw[23 - length] = UInt8(48 + value % 10)
                    value /= 10
                    length += 1
                }
                writeBytes(UnsafeRawBufferPointer(rebasing: raw[(24 - length)...]))
            }
        }
        writeCRLF()
    }

    @inline(__always)
    mutating func writeBulkHeader(_ count: Int) { writeRESPHeader(UInt8(ascii: "$"), count) }
}
