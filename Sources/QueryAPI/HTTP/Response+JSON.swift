import Foundation
import Hummingbird

extension Response {
    /// `value` as a JSON response (keys sorted, so bodies are stable).
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        guard let body = jsonBody(value) else {
            return json(body: ByteBuffer(string: #"{"error":"the response could not be encoded"}"#), status: .internalServerError)
        }
        return json(body: body, status: status, headers: headers)
    }

    /// An encoded JSON body as a response.
    static func json(body: ByteBuffer, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    /// `value` encoded as the JSON bodies of this API are; `nil` if it cannot be.
    static func jsonBody(_ value: some Encodable) -> ByteBuffer? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { ByteBuffer(bytes: $0) }
    }
}
