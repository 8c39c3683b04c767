import Foundation

/// An exact, non-negative amount of money with at most two decimal places,
/// stored as whole cents.
///
/// The canonical text form (``description``, JSON) always has exactly two
/// decimals: `"19.99"`, `"5.00"`, `"0.50"`. Parsing accepts `"5"`, `"5.5"` and
/// `"5.50"` alike. In JSON a price is a string, never a number, so no reader
/// ever routes it through floating point.
public struct Price: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The amount in cents (hundredths), ≥ 0.
    public let cents: Int64

    /// Zero.
    public static let zero = Price(uncheckedCents: 0)

    /// The price of `cents` hundredths; `nil` if `cents` is negative.
    public init?(cents: Int64) {
        guard cents >= 0 else { return nil }
        self.cents = cents
    }

    init(uncheckedCents cents: Int64) {
        self.cents = cents
    }

    /// The exact amount as a `Decimal`, e.g. `19.99`.
    public var decimalValue: Decimal {
        Decimal(sign: .plus, exponent: -2, significand: Decimal(cents))
    }

    /// The canonical text: whole units, a dot, and exactly two decimals, e.g. `"0.50"`.
    public var description: String {
        let fraction = cents % 100
        return "\(cents / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// Orders prices by amount.
    public static func < (lhs: Price, rhs: Price) -> Bool {
        lhs.cents < rhs.cents
    }
}
