import Foundation
import Synchronization

/// UUID text and generation on the hot paths, without Foundation's costs: its
/// `uuidString` formats with `sprintf` (and `lowercased()` copies it again), and `UUID()`
/// opens, reads and closes `/dev/urandom` for every id. A command costs one of each.
extension UUID {
    /// A random (version 4, RFC 9562) UUID from the kernel's generator, read 4 KiB at a
    /// time (``RandomBytes``): no file opened, one `getrandom` call per 256 ids.
    public static func random() -> UUID {
        var (high, low) = RandomBytes.shared.withLock { $0.next128() }
        high = (high & ~0xF000) | 0x4000  // version 4 in byte 6's high nibble
        low = (low & ~(0xC0 << 56)) | (0x80 << 56)  // variant 10 in byte 8's top bits
        return UUID(uuid: withUnsafeBytes(of: (high.bigEndian, low.bigEndian)) { raw in
            raw.load(as: uuid_t.self)
        })
    }

    /// The canonical text in lower case, `7d444840-9dc0-11d1-b245-5ffdce74fad2`: what
    /// `uuidString.lowercased()` gives, without `sprintf` and a second copy.
    public var lowercasedString: String {
        String(unsafeUninitializedCapacity: 36) { target in
            withUnsafeBytes(of: uuid) { source in
                let digits: StaticString = "0123456789abcdef"
                let hex = digits.utf8Start
                var output = 0
                for (index, byte) in source.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        target[output] = UInt8(ascii: "-")
                        output += 1
                    }
                    target[output] = hex[Int(byte >> 4)]
                    target[output + 1] = hex[Int(byte & 0x0F)]
                    output += 2
                }
            }
            return 36
        }
    }


    /// Parses the text form `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (hex digits in either
    /// case) from UTF-8 bytes, as `UUID(uuidString:)` does, without its `sscanf`: the
    /// projector reads up to three of these per event.
    public init?(utf8 text: [UInt8]) {
        guard text.count == 36 else { return nil }
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let valid = text.withUnsafeBufferPointer { source in
            withUnsafeMutableBytes(of: &bytes) { target in
                var input = 0
                var output = 0
                while input < 36 {
                    // The dashes sit between groups of 8, 4, 4, 4 and 12 digits, so a
                    // byte's two digits never straddle one.
                    if input == 8 || input == 13 || input == 18 || input == 23 {
                        guard source[input] == UInt8(ascii: "-") else { return false }
                        input += 1
                        continue
                    }
                    guard let high = Self.hexValue(source[input]), let low = Self.hexValue(source[input + 1]) else { return false }
                    target[output] = high << 4 | low
                    output += 1
                    input += 2
                }
                return true
            }
        }
        guard valid else { return nil }
        self.init(uuid: bytes)
    }

    @inline(__always)
    private static func hexValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Random bytes from the kernel's generator, fetched a block at a time and handed out 16
/// at a time. A `getrandom` call costs about a microsecond here, most of it the kernel
/// setting up its generator for the call, so one per id was a measurable share of a command.
struct RandomBytes: ~Copyable {
    static let shared = Mutex(RandomBytes())

    private var block = [UInt8](repeating: 0, count: 4096)
    private var used = 4096

    /// The next 16 bytes as two words.
    mutating func next128() -> (UInt64, UInt64) {
        if used == block.count { refill() }
        defer { used += 16 }
        return block.withUnsafeBytes { raw in
            (raw.loadUnaligned(fromByteOffset: used, as: UInt64.self), raw.loadUnaligned(fromByteOffset: used + 8, as: UInt64.self))
        }
    }

    private mutating func refill() {
        // glibc's arc4random_buf: one getrandom call for the whole block.
        block.withUnsafeMutableBytes { raw in arc4random_buf(raw.baseAddress!, raw.count) }
        used = 0
    }
}
