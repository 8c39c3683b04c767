import Hummingbird
import Prometheus

/// `GET /metrics`: a Prometheus registry in the text exposition format (version 0.0.4).
/// Both HTTP APIs serve it next to their routes; ``MetricsServer`` serves it alone.
public enum MetricsEndpoint {
    /// The path, `/metrics`.
    public static let path = "/metrics"

    /// The content type of the text exposition format.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The registry's current samples as a response.
    public static func response(_ registry: PrometheusCollectorRegistry) -> Response {
        Response(
            status: .ok, headers: [.contentType: contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }

    /// Adds `GET /metrics` (and HEAD, where the router generates it) to `router`.
    public static func addRoute<Context: RequestContext>(to router: Router<Context>, registry: PrometheusCollectorRegistry) {
        router.get(RouterPath(path)) { _, _ in response(registry) }
    }
}
