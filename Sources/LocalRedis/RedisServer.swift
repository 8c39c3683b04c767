import Foundation
import RedisClient
import Synchronization

/// A real redis-server process on a loopback port, in its own temp dir.
///
/// Start one with ``start(_:)``; stop it with ``stop()`` (by PID), or use
/// ``with(_:_:)`` which always stops it. ``kill()`` sends SIGKILL, as a crash
/// would, and ``restart()`` starts it again on the same port and data dir.
public final class RedisServer: Sendable {
    public let options: RedisServerOptions
    public let port: Int
    /// The data dir: AOF, logs, config.
    public let directory: String
    private let process: Mutex<ChildProcess?>
    private let ownsDirectory: Bool

    /// `redis://127.0.0.1:<port>`.
    public var url: String { "redis://127.0.0.1:\(port)" }
    public var host: String { "127.0.0.1" }
    /// Connects as ``RedisServerOptions/harnessUser``, or as the default user.
    public var configuration: RedisConfiguration {
        RedisConfiguration(host: host, port: port, username: options.harnessUser?.username, password: options.harnessUser?.password)
    }

    /// The PID of the running server, if it runs.
    public var pid: Int32? {
        guard let child = process.withLock({ $0 }), child.isRunning else { return nil }
        return child.pid
    }

    private init(options: RedisServerOptions, port: Int, directory: String, ownsDirectory: Bool) {
        self.options = options
        self.port = port
        self.directory = directory
        self.ownsDirectory = ownsDirectory
        self.process = Mutex(nil)
    }

    /// Starts a server and waits until it answers PING. Retries on another port if
    /// the chosen one was taken in the meantime.
    public static func start(_ options: RedisServerOptions = RedisServerOptions()) async throws -> RedisServer {
        var lastError: any Error = LocalRedisError("no attempt made")
        for _ in 0..<5 {
            guard let port = options.port ?? freeLoopbackPort() else { throw LocalRedisError("no free loopback port") }
            let directory = try options.directory ?? makeTemporaryDirectory(label: options.label)
            let server = RedisServer(options: options, port: port, directory: directory, ownsDirectory: options.directory == nil)
            do {
                try await server.launch()
                return server
            } catch {
                lastError = error
                await server.stop()
                if options.port != nil { break }
            }
        }
        throw lastError
    }

    /// Runs `body` with a fresh server and stops the server afterwards, also on error.
    public static func with<T: Sendable>(
        _ options: RedisServerOptions = RedisServerOptions(), _ body: (RedisServer) async throws -> T
    ) async throws -> T {
        let server = try await start(options)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Starts a replica of this server and waits until its initial sync is done.
    public func startReplica(_ options: RedisServerOptions = RedisServerOptions()) async throws -> RedisServer {
        var replicaOptions = options
        replicaOptions.replicaOf = (host, port)
        replicaOptions.label = options.label + "-replica"
        let replica = try await RedisServer.start(replicaOptions)
        try await replica.waitForReplicationLink()
        return replica
    }

    /// Runs `body` with a replica of this server, stopping the replica afterwards.
    public func withReplica<T: Sendable>(
        _ options: RedisServerOptions = RedisServerOptions(), _ body: (RedisServer) async throws -> T
    ) async throws -> T {
        let replica = try await startReplica(options)
        do {
            let result = try await body(replica)
            await replica.stop()
            return result
        } catch {
            await replica.stop()
            throw error
        }
    }

    private func launch() async throws {
        let configPath = directory + "/redis.conf"
        try options.config(port: port, directory: directory).write(toFile: configPath, atomically: true, encoding: .utf8)
        let child = try ChildProcess.spawn(try Self.redisServerPath(), [configPath])
        process.withLock { $0 = child }
        try await waitUntilReady()
    }

    private func waitUntilReady() async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        var config = configuration
        config.connectTimeout = .milliseconds(500)
        config.commandTimeout = .seconds(1)
        while ContinuousClock.now < deadline {
            guard let pid else {
                throw LocalRedisError("redis-server on port \(port) exited at start; see \(directory)/redis.log:\n\(logTail())")
            }
            // Redis writes its pidfile only once it has bound its port: until our own
            // process has, whatever answers on this port is somebody else's server.
            let pidfile = try? String(contentsOfFile: directory + "/redis.pid", encoding: .utf8)
            if pidfile?.trimmingCharacters(in: .whitespacesAndNewlines) == String(pid),
               let connection = try? await RedisConnection.connect(config) {
                defer { connection.close() }
                // A server loading its AOF answers -LOADING until it is done; any other
                // answer, even -NOAUTH from a server with ACLs, means it is up.
                do {
                    _ = try await connection.send(.ping())
                    return
                } catch let error as RedisServerError where error.code != "LOADING" {
                    return
                } catch {}
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw LocalRedisError("redis-server on port \(port) did not answer within 10 s; see \(directory)/redis.log")
    }

    private func waitForReplicationLink() async throws {
        let client = RedisClient(configuration)
        defer { client.close() }
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline {
            let replication = try await client.info("replication")
            if replication["master_link_status"] == "up", replication["master_sync_in_progress"] == "0" { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw LocalRedisError("replica on port \(port) did not finish its sync within 15 s")
    }

    /// Stops the server by PID (SIGTERM, then SIGKILL after 5 s) and removes its
    /// temp dir. Safe to call twice.
    public func stop() async {
        await terminate(signal: SIGTERM, grace: .seconds(5))
        if ownsDirectory { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// SIGKILL, as a crash: no shutdown, no final fsync. The data dir stays.
    public func kill() async {
        await terminate(signal: SIGKILL, grace: .seconds(5))
    }

    /// Freezes the process (SIGSTOP) until ``resume()``: a server that stops answering.
    public func pause() {
        process.withLock { $0 }?.signal(SIGSTOP)
    }

    public func resume() {
        process.withLock { $0 }?.signal(SIGCONT)
    }

    /// Starts the server again on the same port and data dir (after ``kill()``).
    public func restart() async throws {
        await terminate(signal: SIGKILL, grace: .seconds(5))
        try await launch()
    }

    private func terminate(signal: Int32, grace: Duration) async {
        await process.withLock({ $0 })?.stop(signal, grace: grace)
    }

    /// The last lines of the server's log, for error messages.
    public func logTail(lines: Int = 20) -> String {
        let text = (try? String(contentsOfFile: directory + "/redis.log", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    static func redisServerPath() throws -> String {
        for candidate in ["/usr/bin/redis-server", "/usr/local/bin/redis-server", "/opt/homebrew/bin/redis-server"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        throw LocalRedisError("redis-server is not installed; run `make setup` (apt-get install redis-server)")
    }

    static func makeTemporaryDirectory(label: String) throws -> String {
        let path = NSTemporaryDirectory() + "cqrs-\(label)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// A local redis-server could not be started or managed.
public struct LocalRedisError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
