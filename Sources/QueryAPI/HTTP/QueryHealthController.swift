import Foundation
import Hummingbird
import ProductReadModel

/// The operational routes: `GET /health` (liveness, constant, touches nothing),
/// `GET /ready` (the read store answers and a generation is live; 503 if not) and
/// `GET /openapi.yaml`.
public struct QueryHealthController<Context: RequestContext>: Sendable {
    /// The read models `/ready` checks.
    public let queries: ProductQueries

    public init(queries: ProductQueries) {
        self.queries = queries
    }

    static var paths: [String] { ["/health", "/ready", "/openapi.yaml"] }

    /// Adds the three routes (and HEAD for them) to `router`.
    public func addRoutes(to router: Router<Context>) {
        router.get("/health") { _, _ in
            Response.json(["status": "ok"])
        }
        router.get("/ready") { _, _ in
            await self.ready()
        }
        router.get("/openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: QueryOpenAPIDocument.yaml)))
        }
    }

    private func ready() async -> Response {
        do {
            guard try await queries.hasLiveGeneration() else {
                return QueryProblem.unavailable("the read store has no live read-model generation yet").response
            }
            return Response.json(["status": "ready"])
        } catch {
            return QueryProblem.unavailable("the read store does not answer (\(error)); queries would fail until it does").response
        }
    }
}
