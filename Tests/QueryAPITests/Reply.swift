import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A response with its JSON body parsed.
struct Reply: @unchecked Sendable {
    let status: Int
    let headers: HTTPFields
    let text: String
    /// The parsed body (`[String: Any]`, `[Any]`, `NSNumber`, ...), `nil` when not JSON.
    let json: Any?

    subscript(_ name: String) -> String? { headers[HTTPField.Name(name)!] }

    var object: [String: Any] { json as? [String: Any] ?? [:] }
    var items: [[String: Any]] { object["items"] as? [[String: Any]] ?? [] }
    var ids: [Int64] { items.compactMap { ($0["id"] as? NSNumber)?.int64Value } }
    var nextCursor: String? { object["nextCursor"] as? String }
    var error: String? { object["error"] as? String }
    var field: String? { object["field"] as? String }

    /// Checks a JSON error: status, `application/json`, a non-empty `error`, the field.
    func expectError(_ expected: Int, field expectedField: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(status == expected, "\(text)", sourceLocation: sourceLocation)
        #expect(headers[.contentType] == "application/json", sourceLocation: sourceLocation)
        #expect(error?.isEmpty == false, "\(text)", sourceLocation: sourceLocation)
        if let expectedField { #expect(field == expectedField, "\(text)", sourceLocation: sourceLocation) }
    }
}

extension TestClientProtocol {
    /// GETs `uri` with the given headers.
    func get(_ uri: String, headers: [(String, String)] = []) async throws -> Reply {
        var fields: HTTPFields = [:]
        for (name, value) in headers { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        let response = try await executeRequest(uri: uri, method: .get, headers: fields, body: nil)
        let text = String(buffer: response.body)
        return Reply(
            status: response.head.status.code, headers: response.head.headerFields, text: text,
            json: try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]))
    }
}
