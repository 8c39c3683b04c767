import Foundation
import Hummingbird

/// The query string of a request, checked: only the route's parameters, each at most
/// once, each valid; anything else is a 400 naming the parameter.
struct QueryParameters: Sendable {
    static let defaultLimit = 20
    static let maxLimit = 100
    static let maxNameLength = 200

    private let values: [String: String]

    init(_ request: Request, allowed: Set<String>) throws(QueryProblem) {
        var values: [String: String] = [:]
        for (name, value) in try Self.decode(request.uri.query) {
            guard allowed.contains(name) else {
                let known = allowed.sorted().joined(separator: ", ")
                throw .badRequest("unknown parameter '\(name)'; this route takes \(known.isEmpty ? "none" : known)", field: name)
            }
            guard values[name] == nil else { throw .badRequest("send '\(name)' at most once", field: name) }
            values[name] = value
        }
        self.values = values
    }

    /// The `name=value` pairs of a query string, as HTML forms encode them: `+` is a
    /// space, `%XX` a byte of UTF-8. A pair without `=` has the value "".
    static func decode(_ query: String?) throws(QueryProblem) -> [(name: String, value: String)] {
        guard let query else { return [] }
        var pairs: [(name: String, value: String)] = []
        for part in query.split(separator: "&") {
            let equals = part.firstIndex(of: "=")
            let name = try component(part[..<(equals ?? part.endIndex)], of: nil)
            let value = try equals.map { index throws(QueryProblem) in try component(part[part.index(after: index)...], of: name) } ?? ""
            pairs.append((name, value))
        }
        return pairs
    }

    private static func component(_ text: Substring, of name: String?) throws(QueryProblem) -> String {
        guard let decoded = text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
            throw .badRequest("the query string has a bad percent-encoding (%XX must be hex and form UTF-8)", field: name)
        }
        return decoded
    }

    subscript(_ name: String) -> String? { values[name] }

    /// `limit`: 1 to 100, 20 when absent.
    func limit() throws(QueryProblem) -> Int {
        guard let text = values["limit"] else { return Self.defaultLimit }
        guard let limit = Int(text), (1...Self.maxLimit).contains(limit) else {
            throw .badRequest("limit must be an integer from 1 to \(Self.maxLimit), got '\(text)'", field: "limit")
        }
        return limit
    }

    /// `minVersion`: a positive integer, or `nil` when absent.
    func minVersion() throws(QueryProblem) -> Int64? {
        guard let text = values["minVersion"] else { return nil }
        guard let version = Int64(text), version >= 1 else {
            throw .badRequest("minVersion must be a positive integer, got '\(text)'", field: "minVersion")
        }
        return version
    }

    /// `name`: a prefix of at most 200 characters, "" (every product) when absent.
    func name() throws(QueryProblem) -> String {
        let name = values["name"] ?? ""
        guard name.count <= Self.maxNameLength else {
            throw .badRequest("name must be at most \(Self.maxNameLength) characters, got \(name.count)", field: "name")
        }
        return name
    }

    /// A product id path segment: a positive decimal integer.
    static func productId(_ text: String?) throws(QueryProblem) -> Int64 {
        guard let text, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let id = Int64(text), id >= 1 else {
            throw .badRequest("the product id must be a positive integer, got '\(text ?? "")'", field: "id")
        }
        return id
    }
}
