import EventSourcing
import Hummingbird

/// The operational routes: `GET /health` (liveness, constant, touches nothing),
/// `GET /ready` (the write store answers PING; 503 if not) and `GET /openapi.yaml`.
public struct HealthController<Context: RequestContext>: Sendable {
    /// What `/ready` checks.
    public let readiness: ReadinessCheck

    public init(readiness: ReadinessCheck) {
        self.readiness = readiness
    }

    /// The paths, all GET (and HEAD).
    static var paths: [String] { ["/health", "/ready", "/openapi.yaml"] }

    /// Adds the three routes (and HEAD for them) to `router`.
    public func addRoutes(to router: Router<Context>) {
        router.get("/health") { _, _ in
            Response.json(["status": "ok"], status: .ok)
        }
        router.get("/ready") { _, _ in
            await self.ready()
        }
        router.get("/openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
        }
    }

    private func ready() async -> Response {
        do {
            try await readiness()
            return Response.json(["status": "ready"], status: .ok)
        } catch {
            return Response.jsonError(CommandProblem(
                status: 503,
                message: "the write store does not answer (\(error)); commands would fail until it does",
                retryAfterSeconds: 1))
        }
    }
}
