/// The optimistic-concurrency condition an append must satisfy.
///
/// Versions count the events of one aggregate stream: an empty stream is at
/// version 0 and the first event produces version 1. `.exact(0)` is therefore
/// satisfied by the same streams as `.noStream`.
///
/// The wire form (HTTP headers, Redis function arguments) is `"any"`, `"none"`
/// or the decimal version number, e.g. `"7"`.
public enum ExpectedVersion: Sendable, Hashable {
    /// Append regardless of the stream's current version.
    case any
    /// Append only if the stream has no events yet.
    case noStream
    /// Append only if the stream's current version is exactly this value (≥ 0).
    case exact(Int64)

    /// Parses the wire form: `"any"`, `"none"`, or a non-negative decimal
    /// integer without sign, spaces or exponent. Returns `nil` for anything else.
    public init?(wire: String) {
        switch wire {
        case "any":
            self = .any
        case "none":
            self = .noStream
        default:
            guard (1...19).contains(wire.utf8.count),
                  wire.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                  let version = Int64(wire)
            else { return nil }
            self = .exact(version)
        }
    }

    /// The wire form: `"any"`, `"none"` or the decimal version number.
    public var wire: String {
        switch self {
        case .any: "any"
        case .noStream: "none"
        case .exact(let version): String(version)
        }
    }

    /// Whether a stream currently at `currentVersion` (0 when it has no events)
    /// satisfies this expectation.
    public func isSatisfied(byCurrentVersion currentVersion: Int64) -> Bool {
        switch self {
        case .any: true
        case .noStream: currentVersion == 0
        case .exact(let version): currentVersion == version
        }
    }
}

extension ExpectedVersion: CustomStringConvertible {
    /// The wire form, so log lines and error messages read like the API.
    public var description: String { wire }
}
