/// Where the query API listens and how long a read-your-writes request may wait.
public struct QueryAPIConfiguration: Sendable, Hashable {
    /// The address to bind, `127.0.0.1` by default (`0.0.0.0` for every interface).
    public var host: String
    /// The port, 8080 by default.
    public var port: Int
    /// Sent as the `Server` header.
    public var serverName: String
    /// How long `GET /products/{id}?minVersion=N` waits for the read model to reach N
    /// before answering 503; 2 s by default.
    public var minVersionTimeout: Duration

    public init(host: String = "127.0.0.1", port: Int = 8080, serverName: String = "cqrs-query-api", minVersionTimeout: Duration = .seconds(2)) {
        self.host = host
        self.port = port
        self.serverName = serverName
        self.minVersionTimeout = minVersionTimeout
    }
}
