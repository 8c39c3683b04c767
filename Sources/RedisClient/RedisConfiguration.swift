import Foundation

/// Where and how to connect: `redis://[user[:password]@]host:port[/db]`.
public struct RedisConfiguration: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// The ACL user; `nil` authenticates as `default` (or not at all without a password).
    public var username: String?
    /// Never logged; ``description`` masks it.
    public var password: String?
    /// The logical database selected after connecting.
    public var database: Int
    /// How long to wait for the TCP connection and the AUTH/SELECT handshake.
    public var connectTimeout: Duration
    /// How long a command may wait for its reply before it fails as "outcome unknown".
    public var commandTimeout: Duration
    /// Connections in the pool used for ordinary commands.
    public var poolSize: Int
    /// First delay before reconnecting after a failure; doubles up to ``maximumReconnectDelay``.
    public var minimumReconnectDelay: Duration
    public var maximumReconnectDelay: Duration
    /// Sent as `CLIENT SETNAME` so operators can tell connections apart in `CLIENT LIST`.
    public var clientName: String?
    /// The `client` label of this client's metrics (`cqrs_redis_errors_total{client=...}`):
    /// which server it talks to, e.g. `write`, `read`, `replica`. Falls back to
    /// ``clientName``, then `redis`; see ``metricsLabel``.
    public var metricsName: String?

    public init(
        host: String = "127.0.0.1", port: Int = 6379, username: String? = nil, password: String? = nil,
        database: Int = 0, connectTimeout: Duration = .seconds(2), commandTimeout: Duration = .seconds(2),
        poolSize: Int = 2, clientName: String? = nil
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.poolSize = poolSize
        self.minimumReconnectDelay = .milliseconds(50)
        self.maximumReconnectDelay = .seconds(2)
        self.clientName = clientName
        self.metricsName = nil
    }

    /// Parses `redis://[user[:password]@]host[:port][/db]`. User and password may be
    /// percent-encoded. Throws a ``RedisClientError`` of kind `.invalidConfiguration`
    /// that names what is wrong.
    public init(url: String) throws(RedisClientError) {
        self.init()
        guard let components = URLComponents(string: url), components.scheme == "redis" else {
            throw RedisClientError(.invalidConfiguration, "not a redis:// URL: \(Self.masked(url))")
        }
        guard let host = components.host, !host.isEmpty else {
            throw RedisClientError(.invalidConfiguration, "the Redis URL has no host: \(Self.masked(url))")
        }
        self.host = host
        if let port = components.port {
            guard (1...65535).contains(port) else {
                throw RedisClientError(.invalidConfiguration, "the Redis URL's port \(port) is out of range 1-65535")
            }
            self.port = port
        }
        if let user = components.percentEncodedUser?.removingPercentEncoding, !user.isEmpty { username = user }
        if let secret = components.percentEncodedPassword?.removingPercentEncoding { password = secret }
        let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        if !path.isEmpty {
            guard let db = Int(path), db >= 0 else {
                throw RedisClientError(.invalidConfiguration, "the Redis URL's database must be a number >= 0, got '\(path)'")
            }
            database = db
        }
        if components.query != nil || components.fragment != nil {
            throw RedisClientError(.invalidConfiguration, "the Redis URL takes no query or fragment: \(Self.masked(url))")
        }
    }

    /// The `client` label of this client's metrics.
    public var metricsLabel: String { metricsName ?? clientName ?? "redis" }

    /// The URL with the password masked, safe to log.
    public var redactedURL: String {
        var text = "redis://"
        if let username { text += username + (password == nil ? "" : ":***") + "@" }
        else if password != nil { text += ":***@" }
        text += host.contains(":") ? "[\(host)]" : host
        text += ":\(port)"
        if database != 0 { text += "/\(database)" }
        return text
    }

    static func masked(_ url: String) -> String {
        guard let at = url.lastIndex(of: "@"), let scheme = url.range(of: "://") else { return url }
        let credentials = url[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }
}

extension RedisConfiguration: CustomStringConvertible {
    public var description: String { redactedURL }
}
