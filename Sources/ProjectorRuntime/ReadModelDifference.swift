/// One way the read store differs from what the log says it should hold.
public struct ReadModelDifference: Sendable, Hashable, CustomStringConvertible {
    /// The key that differs.
    public var key: String
    /// The hash field or sorted-set member that differs; `nil` when the whole key does.
    public var field: String?
    /// What the log says, `nil` when the key or field should not exist.
    public var expected: String?
    /// What the read store holds, `nil` when it is missing.
    public var actual: String?

    public init(key: String, field: String? = nil, expected: String?, actual: String?) {
        self.key = key
        self.field = field
        self.expected = expected
        self.actual = actual
    }

    public var description: String {
        "\(key)\(field.map { " [\($0)]" } ?? ""): expected \(expected ?? "(absent)"), found \(actual ?? "(absent)")"
    }
}
