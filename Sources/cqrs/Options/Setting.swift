import EventStore
import Foundation

/// Settings come from a flag, else from the `CQRS_*` environment variable of the same
/// name, else from the default. `--write-url` ↔ `CQRS_WRITE_URL`.
enum Setting {
    static func value(_ flag: String?, env name: String, default fallback: String) -> String {
        if let flag { return flag }
        if let value = ProcessInfo.processInfo.environment[name], !value.isEmpty { return value }
        return fallback
    }

    static func integer(_ flag: Int?, env name: String, default fallback: Int) throws -> Int {
        if let flag { return flag }
        guard let text = ProcessInfo.processInfo.environment[name], !text.isEmpty else { return fallback }
        guard let value = Int(text) else { throw CLIError("\(name) must be an integer, got '\(text)'") }
        return value
    }

    /// A time to live in whole seconds, from 1 s to 10 years: what the append Functions
    /// accept for command ids (``RedisEventStore/commandTTLSeconds``), and the bound of
    /// every other TTL setting. `option` names the flag in the error.
    static func ttl(_ flag: Int?, env name: String, default fallback: Int, option: String) throws -> Duration {
        let value = try integer(flag, env: name, default: fallback)
        let range = RedisEventStore.commandTTLSeconds
        guard range.contains(Int64(value)) else {
            throw CLIError("\(option) must be from \(range.lowerBound) to \(range.upperBound) seconds (10 years), got \(value)")
        }
        return .seconds(value)
    }
}

/// A command-line failure: printed as `cqrs: <message>`, exit code 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
