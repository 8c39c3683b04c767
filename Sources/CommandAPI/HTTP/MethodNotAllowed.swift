import Hummingbird

/// 405 answers, with `Allow`, for the methods a known path does not take (the router
/// alone would answer 404, as if the path did not exist).
enum MethodNotAllowed {
    /// The methods that get a 405 when a path does not take them.
    static let candidates: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options, .trace]

    static func add<Context: RequestContext>(to router: Router<Context>, path: RouterPath, allowed: [HTTPRequest.Method]) {
        // A GET route answers HEAD too (the router generates it).
        let taken = allowed.contains(.get) ? allowed + [.head] : allowed
        let allow = taken.map(\.rawValue).joined(separator: ", ")
        for method in candidates where !taken.contains(method) {
            router.on(path, method: method) { request, _ in
                Response.jsonError(
                    CommandProblem(status: 405, message: "\(request.method) is not allowed on \(request.uri.path); use \(allow)"),
                    headers: [.allow: allow])
            }
        }
    }
}
