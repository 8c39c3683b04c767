import EventSourcing
import Hummingbird

extension CommandResult {
    /// The HTTP response: JSON body, `Location` on 201, `Retry-After` on 503.
    var response: Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let location { headers[.location] = location }
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        return Response.json(body, status: HTTPResponse.Status(commandStatus: status), headers: headers)
    }
}

extension Response {
    /// A JSON response with exact numbers (``JSONValue`` keeps their text).
    static func json(_ body: JSONValue, status: HTTPResponse.Status, headers: HTTPFields = [.contentType: "application/json"]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body.serializedBytes())))
    }

    /// A JSON error response, `{"error": message}`, the shape of every error of the API.
    static func jsonError(_ problem: CommandProblem, headers: HTTPFields = [:]) -> Response {
        var result = CommandResult(problem).response
        result.headers.append(contentsOf: headers)
        return result
    }
}

extension HTTPResponse.Status {
    /// The status for a code used by the command intake, with its reason phrase.
    init(commandStatus code: Int) {
        switch code {
        case 200: self = .ok
        case 201: self = .created
        case 400: self = .badRequest
        case 404: self = .notFound
        case 405: self = .methodNotAllowed
        case 409: self = .conflict
        case 412: self = .preconditionFailed
        case 413: self = .contentTooLarge
        case 422: self = .unprocessableContent
        case 500: self = .internalServerError
        case 503: self = .serviceUnavailable
        default: self = HTTPResponse.Status(code: code)
        }
    }
}
