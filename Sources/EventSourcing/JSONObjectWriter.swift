/// Writes one flat JSON object straight to UTF-8 bytes, compact, members in the order
/// they are written: the fast way to produce what `JSONEncoder` with `.sortedKeys`
/// produces for a flat payload, byte for byte, when members are written in sorted key
/// order (checked in debug builds). Strings are escaped as ``JSONValue`` writes them.
public struct JSONObjectWriter: Sendable {
    private var bytes: [UInt8]
    private var lastKey: String?

    /// An object expected to take about `capacity` bytes (it grows past them as needed).
    public init(capacity: Int = 96) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    /// `"key":-12`. Concrete integer types rather than a generic one: callers in other
    /// modules would get an unspecialized generic call per member.
    public mutating func integer(_ key: String, _ value: Int64) {
        self.key(key)
        bytes.append(contentsOf: String(value).utf8)
    }

    /// `"key":-12`
    public mutating func integer(_ key: String, _ value: Int) {
        integer(key, Int64(value))
    }

    /// `"key":"escaped text"`
    public mutating func string(_ key: String, _ value: String) {
        self.key(key)
        JSONValue.writeString(value, to: &bytes)
    }

    /// `"key":null`
    public mutating func null(_ key: String) {
        self.key(key)
        bytes.append(contentsOf: "null".utf8)
    }

    /// `"key":true` or `"key":false`
    public mutating func bool(_ key: String, _ value: Bool) {
        self.key(key)
        bytes.append(contentsOf: value ? "true".utf8 : "false".utf8)
    }

    /// `"key":` followed by whatever `writeValue` appends, which must be one JSON value
    /// (a nested object, say).
    public mutating func value(_ key: String, _ writeValue: (inout [UInt8]) -> Void) {
        self.key(key)
        writeValue(&bytes)
    }

    /// Closes the object and returns it; write nothing after.
    public mutating func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    private mutating func key(_ key: String) {
        assert(lastKey.map { $0 < key } ?? true, "JSONObjectWriter: key \"\(key)\" after \"\(lastKey ?? "")\" breaks the sorted order")
        if lastKey != nil { bytes.append(UInt8(ascii: ",")) }
        lastKey = key
        JSONValue.writeString(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }
}
