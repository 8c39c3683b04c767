import EventSourcing
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A response with its body parsed exactly (numbers as text).
struct HTTPReply: Sendable {
    let status: Int
    let headers: HTTPFields
    let body: JSONValue?
    let text: String

    init(head: HTTPResponse, body buffer: ByteBuffer?) {
        status = head.status.code
        headers = head.headerFields
        text = buffer.map { String(buffer: $0) } ?? ""
        body = try? JSONValue(parsing: text)
    }

    subscript(_ name: String) -> String? { headers[HTTPField.Name(name)!] }

    /// The `error` message of a JSON error.
    var error: String? { body?["error"]?.stringValue }
    /// The `field` of a JSON error.
    var field: String? { body?["field"]?.stringValue }

    /// Checks the error shape the OpenAPI document promises: an object with a string
    /// `error`, optionally a string `field` and an integer `currentVersion`, nothing else.
    func expectErrorShape(_ expected: Int, field expectedField: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(status == expected, "\(text)", sourceLocation: sourceLocation)
        #expect(headers[.contentType] == "application/json", sourceLocation: sourceLocation)
        guard let members = body?.objectValue else {
            Issue.record("not a JSON object: \(text)", sourceLocation: sourceLocation)
            return
        }
        #expect(members["error"]?.stringValue?.isEmpty == false, "\(text)", sourceLocation: sourceLocation)
        #expect(Set(members.keys).isSubset(of: ["error", "field", "currentVersion"]), "\(text)", sourceLocation: sourceLocation)
        if let version = members["currentVersion"] { #expect(version.int64Value != nil, sourceLocation: sourceLocation) }
        if let expectedField { #expect(field == expectedField, "\(text)", sourceLocation: sourceLocation) }
    }

    /// Checks a success: `{"id": <id>, "version": <version>}` exactly.
    func expectAccepted(_ expected: Int = 200, id: Int64, version: Int64? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(status == expected, "\(text)", sourceLocation: sourceLocation)
        #expect(body?.objectValue.map { Set($0.keys) } == ["id", "version"], "\(text)", sourceLocation: sourceLocation)
        #expect(body?["id"] == .integer(id), "\(text)", sourceLocation: sourceLocation)
        if let version { #expect(body?["version"] == .integer(version), "\(text)", sourceLocation: sourceLocation) }
    }

    var version: Int64? { body?["version"]?.int64Value }
}

extension TestClientProtocol {
    /// Sends `body` (raw text) with the given headers.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, headers: [(String, String)] = []
    ) async throws -> HTTPReply {
        var fields: HTTPFields = [:]
        for (name, value) in headers { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        if body != nil { fields[.contentType] = "application/json" }
        let response = try await executeRequest(uri: uri, method: method, headers: fields, body: body.map { ByteBuffer(string: $0) })
        return HTTPReply(head: response.head, body: response.body)
    }

    /// Creates product `id` and expects 201.
    @discardableResult
    func createProduct(_ id: Int64, price: String = "\"9.99\"", headers: [(String, String)] = []) async throws -> HTTPReply {
        let reply = try await send(
            .post, "/products", #"{"id":\#(id),"name":"Product \#(id)","description":"","unitPrice":\#(price)}"#, headers: headers)
        reply.expectAccepted(201, id: id)
        return reply
    }
}

extension TestClient {
    /// Sends one request on this (live) connection.
    func send(_ method: HTTPRequest.Method, _ uri: String, _ body: String, headers: [(String, String)] = []) async throws -> HTTPReply {
        var fields: HTTPFields = [.contentType: "application/json", .connection: "keep-alive"]
        for (name, value) in headers { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        let response = try await execute(TestClient.Request(uri, method: method, authority: "localhost", headers: fields, body: ByteBuffer(string: body)))
        return HTTPReply(head: response.head, body: response.body)
    }
}
