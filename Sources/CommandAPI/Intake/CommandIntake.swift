import EventSourcing
import Foundation

/// Parses the parts of a command that are not its body: the product id of the path,
/// the command id and the expected version. Each failure is a 400 naming the part.
public enum CommandIntake {
    /// The longest accepted body: 64 KiB. A larger one is refused with 413.
    public static let maxBodyBytes = 64 * 1024

    /// A product id from a URL path segment: a positive decimal integer without sign or
    /// leading zeros that fits in 64 bits.
    public static func productId(pathSegment text: String) throws(CommandProblem) -> Int64 {
        let utf8 = text.utf8
        guard (1...19).contains(utf8.count), utf8.first != UInt8(ascii: "0"),
              utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let id = Int64(text)
        else {
            throw .badRequest(
                "the product id in the path must be a positive integer from 1 to \(Int64.max) without sign or leading zeros, got \"\(CommandBody.shown(text))\"",
                field: "id")
        }
        return id
    }

    /// A product id from the body field `field` (the command queue's `productId`).
    static func productId(_ value: Int64, field: String) throws(CommandProblem) -> Int64 {
        guard value > 0 else {
            throw .badRequest("\(field) must be a positive integer, got \(value)", field: field)
        }
        return value
    }

    /// The command id: a UUID such as `7d444840-9dc0-11d1-b245-5ffdce74fad2` (any case).
    /// `nil` when absent.
    public static func commandId(_ text: String?, transport: CommandTransport) throws(CommandProblem) -> UUID? {
        guard let text else { return nil }
        guard let id = UUID(utf8: Array(text.utf8)) else {
            throw .badRequest(
                "\(transport.commandIdName) must be a UUID such as 7d444840-9dc0-11d1-b245-5ffdce74fad2, got \"\(CommandBody.shown(text))\"",
                field: transport.commandIdName)
        }
        return id
    }

    /// The expected version: `"3"` (an entity tag as the API sends it) or bare `3`.
    /// `nil` when absent. Weak tags, `*` and lists are refused.
    public static func expectedVersion(_ text: String?, transport: CommandTransport) throws(CommandProblem) -> ExpectedVersion? {
        guard let text else { return nil }
        var digits = Substring(text)
        if digits.count >= 2, digits.first == "\"", digits.last == "\"" {
            digits = digits.dropFirst().dropLast()
        }
        guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), case .exact(let version)? = ExpectedVersion(wire: String(digits)) else {
            throw .badRequest(
                "\(transport.expectedVersionName) must be one product version, as \"3\" or 3 (a non-negative integer), got \"\(CommandBody.shown(text))\"",
                field: transport.expectedVersionName)
        }
        return .exact(version)
    }
}
