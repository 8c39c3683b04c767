/// One generation of a projection's read models: `g1`, `g2`, ... Every read-model key
/// of a generation starts with `<root>:<name>:`, and the pointer `<root>:live` names the
/// generation that queries read. A rebuild fills the next generation while the live one
/// keeps serving.
public struct ReadModelGeneration: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The generation number, from 1.
    public let number: Int

    public init(_ number: Int) {
        self.number = number
    }

    /// Parses a name such as `g3`; `nil` for anything else.
    public init?(name: String) {
        guard name.hasPrefix("g"), let number = Int(name.dropFirst()), number > 0 else { return nil }
        self.number = number
    }

    /// `g<number>`, as used in keys and consumer group names.
    public var name: String { "g\(number)" }

    public var description: String { name }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.number < rhs.number }

    /// Where a generation is in its life.
    public enum State: String, Sendable, Hashable, CaseIterable {
        /// Being filled by a rebuild; projectors write to it, queries do not read it.
        case building
        /// Named by the live pointer: queries read it.
        case live
        /// Replaced or abandoned: nothing writes to it any more, and it is being deleted.
        case retired
    }
}
