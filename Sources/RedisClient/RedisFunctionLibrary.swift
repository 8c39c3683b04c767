/// A Redis Functions library (Lua) shipped with the package.
///
/// Every library of ours defines a no-writes function, ``versionFunction``, that
/// returns ``version``. ``ensureLoaded(on:)`` calls it and runs `FUNCTION LOAD
/// REPLACE` when the function is missing (a new or flushed server) or reports
/// another version (an older deployment loaded a stale library).
public struct RedisFunctionLibrary: Sendable, Hashable {
    /// The library name from its `#!lua name=...` line.
    public let name: String
    /// The function that returns the loaded library's version.
    public let versionFunction: String
    /// The version this build of the code expects.
    public let version: Int64
    /// The Lua source, starting with `#!lua name=<name>`.
    public let source: String

    public init(name: String, versionFunction: String, version: Int64, source: String) {
        self.name = name
        self.versionFunction = versionFunction
        self.version = version
        self.source = source
    }

    /// What ``ensureLoaded(on:)`` found.
    public enum LoadOutcome: Sendable, Hashable {
        case alreadyCurrent
        case loaded(previousVersion: Int64?)
    }

    /// The version loaded on the server, or `nil` when the library is not loaded.
    public func loadedVersion(on redis: some RedisCommandSender) async throws -> Int64? {
        do {
            return try await redis.send(.fcallReadOnly(versionFunction, keys: [])).int
        } catch let error as RedisServerError where error.message.contains("Function not found") {
            return nil
        }
    }

    /// Loads the library unless the server already has this version.
    @discardableResult
    public func ensureLoaded(on redis: some RedisCommandSender) async throws -> LoadOutcome {
        let loaded = try await loadedVersion(on: redis)
        if loaded == version { return .alreadyCurrent }
        try await load(on: redis)
        return .loaded(previousVersion: loaded)
    }

    /// `FUNCTION LOAD REPLACE` unconditionally. A user without the right to load
    /// Functions (every ACL role but admin) gets ``NotLoaded`` naming the fix.
    public func load(on redis: some RedisCommandSender) async throws {
        do {
            _ = try await redis.send(RedisCommand("FUNCTION", ["LOAD", "REPLACE", .string(source)]))
        } catch let error as RedisServerError where error.code == "NOPERM" {
            throw NotLoaded(library: name, version: version, serverMessage: error.message)
        }
    }

    /// The server lacks this library (or has another version), and this connection's
    /// user may not load it.
    public struct NotLoaded: Error, Sendable, CustomStringConvertible {
        public let library: String
        public let version: Int64
        public let serverMessage: String

        public var description: String {
            "the Redis Functions library '\(library)' version \(version) is not loaded, and this user may not load it "
                + "(\(serverMessage)); run `cqrs init` as an admin user after installing or upgrading"
        }
    }
}
