import EventStore
import Foundation
import LocalRedis
import Logging
import ProductReadModel
import ProjectorRuntime
import RedisClient

/// The system's three Redis servers started from the files in deploy/redis exactly as
/// shipped: the write store (write-store.conf), the read store (read-store.conf) and a
/// replica of it (read-replica.conf, syncing as the `replica` user), all enforcing
/// users.acl. The development passwords come from dev-credentials.env, as for `make run`.
struct DeployedStores: Sendable {
    let write: RedisServer
    let read: RedisServer
    let replica: RedisServer
    let credentials: [String: String]

    /// The ACL roles of deploy/redis/users.acl.
    enum Role: String, CaseIterable, Sendable {
        case admin, writer, projector, query, replica
    }

    static let deployDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("deploy/redis").path

    static let logger: Logger = {
        var logger = Logger(label: "deploy-test")
        logger.logLevel = ProcessInfo.processInfo.environment["CQRS_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        return logger
    }()

    static func with<T: Sendable>(_ body: (DeployedStores) async throws -> T) async throws -> T {
        let credentials = try devCredentials()
        let acl = "\(deployDirectory)/users.acl"
        func options(_ file: String, _ label: String) -> RedisServerOptions {
            var options = RedisServerOptions(aclFile: acl, label: label)
            options.harnessUser = ("admin", credentials["CQRS_ADMIN_PASSWORD"] ?? "")
            options.includeFile = "\(deployDirectory)/\(file)"
            return options
        }
        return try await RedisServer.with(options("write-store.conf", "deploy-write")) { write in
            try await RedisServer.with(options("read-store.conf", "deploy-read")) { read in
                var replicaOptions = options("read-replica.conf", "deploy-replica")
                replicaOptions.extraConfig = [("masterauth", credentials["CQRS_REPLICA_PASSWORD"] ?? "")]
                return try await read.withReplica(replicaOptions) { replica in
                    try await body(DeployedStores(write: write, read: read, replica: replica, credentials: credentials))
                }
            }
        }
    }

    /// `deploy/redis/dev-credentials.env`: `CQRS_<ROLE>_PASSWORD=<password>` lines.
    static func devCredentials() throws -> [String: String] {
        let text = try String(contentsOfFile: "\(deployDirectory)/dev-credentials.env", encoding: .utf8)
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { result[parts[0]] = parts[1] }
        }
        return result
    }

    func password(_ role: Role) -> String {
        credentials["CQRS_\(role.rawValue.uppercased())_PASSWORD"] ?? ""
    }

    /// A client of `server` authenticated as `role`; the caller closes it.
    func client(_ role: Role, on server: RedisServer) throws -> RedisClient {
        var configuration = server.configuration
        configuration.username = role.rawValue
        configuration.password = password(role)
        configuration.clientName = "deploy-test-\(role.rawValue)"
        return RedisClient(configuration)
    }

    /// Runs `body` with clients of the write and the read store as `role`, closing them after.
    func withClients<T: Sendable>(_ role: Role, readServer: RedisServer? = nil, _ body: (RedisClient, RedisClient) async throws -> T) async throws -> T {
        let writeStore = try client(role, on: write)
        let readStore = try client(role, on: readServer ?? read)
        defer {
            writeStore.close()
            readStore.close()
        }
        return try await body(writeStore, readStore)
    }

    /// What `cqrs init` does, as admin: the event store on the write store and the
    /// Functions on both stores.
    func initialize(partitions: Int = 2) async throws {
        try await withClients(.admin) { writeStore, readStore in
            try await RedisEventStore.initialize(redis: writeStore, partitions: partitions)
            try await ProjectionAdmin(projection: ProductProjection(), writeStore: writeStore, readStore: readStore, logger: Self.logger).installLibraries()
        }
    }

    /// Runs a projector as the `projector` user until every event is applied.
    func project(_ projection: ProductProjection) async throws {
        try await withClients(.projector) { writeStore, readStore in
            var configuration = ProjectorConfiguration(consumer: "p1")
            configuration.blockTime = .milliseconds(50)
            let projector = Projector(projection: projection, writeStore: writeStore, readStore: readStore, configuration: configuration, logger: Self.logger)
            let admin = ProjectionAdmin(projection: projection, writeStore: writeStore, readStore: readStore, logger: Self.logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await projector.run() }
                try await admin.waitUntilCaughtUp(timeout: .seconds(20))
                projector.stop()
                try await group.waitForAll()
            }
        }
    }

    /// Waits until the replica has every write the read store acknowledged.
    func waitForReplica() async throws {
        let acknowledged = try await withClients(.admin) { _, readStore in try await readStore.send("WAIT", "1", "5000").int }
        guard acknowledged == 1 else { throw DeployTestFailure("the replica did not acknowledge the read store's writes within 5 s") }
    }
}

struct DeployTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
