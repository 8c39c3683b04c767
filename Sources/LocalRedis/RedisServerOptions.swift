/// How to start a local redis-server.
public struct RedisServerOptions: Sendable {
    /// Turns on the append-only file.
    public var appendOnly: Bool = false
    /// `everysec` (default, may lose about 1 s on a crash) or `always` (loses nothing acknowledged).
    public var appendFsync: String = "everysec"
    /// Makes the server a replica of another local server.
    public var replicaOf: (host: String, port: Int)?
    /// An ACL file to load (`aclfile`); the server then enforces its users.
    public var aclFile: String?
    /// The ACL user the harness authenticates as, for its own checks (the replication
    /// wait) and in ``RedisServer/configuration``; `nil` for the default user.
    public var harnessUser: (username: String, password: String)?
    /// A `redis.conf` to `include` after the harness's own lines, such as one of
    /// deploy/redis/*.conf, so a test runs with the policy a deployment ships. It may
    /// set persistence and memory policy, but not `port`, `dir` or `logfile`.
    public var includeFile: String?
    /// Any other `redis.conf` directives, written as `name value`.
    public var extraConfig: [(String, String)] = []
    /// A label in the temp dir name, so leftovers are easy to recognise.
    public var label: String = "test"
    /// A fixed port; `nil` picks a free loopback port.
    public var port: Int?
    /// A data directory to use instead of a new temp dir (kept on stop).
    public var directory: String?

    public init(
        appendOnly: Bool = false, appendFsync: String = "everysec", replicaOf: (host: String, port: Int)? = nil,
        aclFile: String? = nil, extraConfig: [(String, String)] = [], label: String = "test"
    ) {
        self.appendOnly = appendOnly
        self.appendFsync = appendFsync
        self.replicaOf = replicaOf
        self.aclFile = aclFile
        self.extraConfig = extraConfig
        self.label = label
    }

    /// The server's `redis.conf`.
    func config(port: Int, directory: String) -> String {
        var lines = [
            "bind 127.0.0.1",
            "port \(port)",
            "dir \(directory)",
            "daemonize no",
            "save \"\"",
            "logfile \(directory)/redis.log",
            "pidfile \(directory)/redis.pid",
            "appendonly \(appendOnly ? "yes" : "no")",
            "appendfsync \(appendFsync)",
            // Tests pause the server with DEBUG SLEEP; only from loopback.
            "enable-debug-command local",
            // Replicas sync at once instead of waiting 5 s for more replicas to join.
            "repl-diskless-sync-delay 0",
            // On SIGTERM, do not wait for replicas to catch up.
            "shutdown-timeout 0",
        ]
        if let replicaOf { lines.append("replicaof \(replicaOf.host) \(replicaOf.port)") }
        if let aclFile { lines.append("aclfile \(aclFile)") }
        if let includeFile { lines.append("include \(includeFile)") }
        lines += extraConfig.map { "\($0.0) \($0.1)" }
        return lines.joined(separator: "\n") + "\n"
    }
}
