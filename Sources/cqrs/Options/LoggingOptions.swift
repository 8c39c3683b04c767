import ArgumentParser
import Logging

/// `--log-level` of every long-running process.
struct LoggingOptions: ParsableArguments {
    @Option(help: "trace, debug, info, notice, warning or error (env CQRS_LOG_LEVEL; default info).")
    var logLevel: String?

    /// Sets up logging to stderr at the level from the flag or `CQRS_LOG_LEVEL`, once per
    /// process, and returns the process's logger.
    func bootstrap(label: String) throws -> Logger {
        let text = Setting.value(logLevel, env: "CQRS_LOG_LEVEL", default: "info")
        guard let level = Logger.Level(rawValue: text) else {
            throw CLIError("unknown log level '\(text)'; use trace, debug, info, notice, warning or error")
        }
        LoggingSystem.bootstrap { label in
            var handler = StderrLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: label)
    }
}
