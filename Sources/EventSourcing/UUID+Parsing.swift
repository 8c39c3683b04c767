import Foundation

extension UUID {
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
