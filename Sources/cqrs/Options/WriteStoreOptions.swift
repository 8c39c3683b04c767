import ArgumentParser
import Foundation
import RedisClient

/// Where the write store (the event log) is.
struct WriteStoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Write store URL, redis://[user[:password]@]host:port[/db] (env CQRS_WRITE_URL; default redis://127.0.0.1:6379).",
        valueName: "url"
    ))
    var writeURL: String?

    @Option(help: ArgumentHelp("File holding the write store's password, instead of the URL (env CQRS_WRITE_PASSWORD_FILE; or CQRS_WRITE_PASSWORD; default: none).", valueName: "path"))
    var writePasswordFile: String?

    @Option(help: "Key prefix of every key of the system (env CQRS_PREFIX; default cqrs).")
    var prefix: String?

    @Option(help: "Command timeout in milliseconds (env CQRS_TIMEOUT_MS; default 2000).")
    var timeoutMs: Int?

    static let defaultWriteURL = "redis://127.0.0.1:6379"

    var resolvedPrefix: String { Setting.value(prefix, env: "CQRS_PREFIX", default: "cqrs") }

    /// The write store's configuration, with the password from the URL, a file, or the environment.
    func writeConfiguration(clientName: String) throws -> RedisConfiguration {
        try Self.configuration(
            url: Setting.value(writeURL, env: "CQRS_WRITE_URL", default: Self.defaultWriteURL),
            passwordFile: writePasswordFile, fileEnv: "CQRS_WRITE_PASSWORD_FILE", passwordEnv: "CQRS_WRITE_PASSWORD",
            timeoutMs: try Setting.integer(timeoutMs, env: "CQRS_TIMEOUT_MS", default: 2000), clientName: clientName, metricsName: "write"
        )
    }

    static func configuration(
        url: String, passwordFile: String?, fileEnv: String, passwordEnv: String, timeoutMs: Int, clientName: String, metricsName: String
    ) throws -> RedisConfiguration {
        var configuration = try RedisConfiguration(url: url)
        if configuration.password == nil {
            if let path = passwordFile ?? ProcessInfo.processInfo.environment[fileEnv] {
                guard let secret = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw CLIError("cannot read the password file \(path)")
                }
                configuration.password = secret.trimmingCharacters(in: .whitespacesAndNewlines)
            } else if let secret = ProcessInfo.processInfo.environment[passwordEnv], !secret.isEmpty {
                configuration.password = secret
            }
        }
        guard (10...600_000).contains(timeoutMs) else { throw CLIError("the timeout must be between 10 and 600000 ms, got \(timeoutMs)") }
        configuration.commandTimeout = .milliseconds(timeoutMs)
        configuration.clientName = clientName
        configuration.metricsName = metricsName
        return configuration
    }
}
