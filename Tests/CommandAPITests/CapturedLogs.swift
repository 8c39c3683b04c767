import Logging
import Synchronization

/// A log handler that keeps the lines (for tests of what is logged), and a quiet
/// logger for tests that do not look at logs.
final class CapturedLogs: Sendable {
    private let lines = Mutex<[(Logger.Level, String, Logger.Metadata)]>([])

    var all: [(level: Logger.Level, message: String, metadata: Logger.Metadata)] { lines.withLock { $0 } }

    var logger: Logger {
        Logger(label: "test") { _ in Handler(sink: self) }
    }

    static var quiet: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    private struct Handler: LogHandler {
        let sink: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            sink.lines.withLock { $0.append((event.level, "\(event.message)", event.metadata ?? [:])) }
        }
    }
}
