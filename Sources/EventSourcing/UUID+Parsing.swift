import Foundation

extension UUID {
    /// Parses the text form `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (hex digits in either
    /// case) from UTF-8 bytes, as `UUID(uuidString:)` does, without its `sscanf`: the
    /// projector reads three of these per event.
    public init?(utf8 text: some Collection<UInt8>) {
        guard text.count == 36 else { return nil }
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var valid = true
        withUnsafeMutableBytes(of: &bytes) { raw in
            var output = 0
            var high: UInt8?
            for (offset, character) in text.enumerated() {
                if offset == 8 || offset == 13 || offset == 18 || offset == 23 {
                    if character != UInt8(ascii: "-") { valid = false; return }
                    continue
                }
                guard let nibble = Self.hexValue(character) else { valid = false; return }
                if let first = high {
                    raw[output] = first << 4 | nibble
                    output += 1
                    high = nil
                } else {
                    high = nibble
                }
            }
        }
        guard valid else { return nil }
        self.init(uuid: bytes)
    }

    private static func hexValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
