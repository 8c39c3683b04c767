import Hummingbird
import Logging

/// Turns every error that escapes a route into the API's JSON error shape,
/// `{"error": "..."}`: unknown paths (404), known paths asked with another method (405
/// with `Allow`), errors raised by Hummingbird itself, and anything unexpected (500,
/// logged). Routes answer their own errors; this is the net. Each API renders the
/// answer in its own error type through `problem`.
public struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger
    let routes: RouteTable
    let problem: @Sendable (HTTPResponse.Status, String) -> Response

    public init(logger: Logger, routes: RouteTable, problem: @escaping @Sendable (HTTPResponse.Status, String) -> Response) {
        self.logger = logger
        self.routes = routes
        self.problem = problem
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError where error.status == .notFound {
            guard let methods = routes.methods(for: request.uri.path) else {
                return problem(.notFound, "no route for \(request.method) \(request.uri.path); the API is described at /openapi.yaml")
            }
            let allow = methods.map(\.rawValue).joined(separator: ", ")
            var response = problem(.methodNotAllowed, "\(request.method) is not allowed on \(request.uri.path); use \(allow)")
            response.headers[.allow] = allow
            return response
        } catch let error as any HTTPResponseError {
            let reason = error.status.reasonPhrase.isEmpty ? "request failed" : error.status.reasonPhrase.lowercased()
            return problem(error.status, reason)
        } catch {
            logger.error("request failed", metadata: ["method": "\(request.method)", "path": "\(request.uri.path)", "error": "\(error)"])
            return problem(.internalServerError, "internal error; the server log has the details")
        }
    }
}
