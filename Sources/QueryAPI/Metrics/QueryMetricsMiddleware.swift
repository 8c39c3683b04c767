import Hummingbird

/// Records each request's duration in ``QueryMetrics`` by route template and status,
/// outermost, so it sees the final status of errors answered by the error middleware too.
struct QueryMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: QueryMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let startedAt = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(context, status: response.status, since: startedAt)
            return response
        } catch {
            record(context, status: (error as? any HTTPResponseError)?.status ?? .internalServerError, since: startedAt)
            throw error
        }
    }

    private func record(_ context: Context, status: HTTPResponse.Status, since startedAt: ContinuousClock.Instant) {
        // The router names a matched route by its template; never the raw path.
        let route = context.endpointPath.flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "unmatched"
        metrics.request(route: route, status: status.code, duration: .now - startedAt)
    }
}
