import Logging

/// `StreamLogHandler.standardError`'s lines, with the handler's metadata formatted when
/// a line is written instead of whenever it changes.
///
/// `StreamLogHandler` formats all of its metadata again on every change. Hummingbird
/// sets `hb.request.id` on a copy of the logger for every request, so every request paid
/// for a sort and a string that no line at `info` ever printed: about 1 µs of CPU per
/// request in `cqrs command-api` and `cqrs query-api` (a `perf` profile of
/// `cqrs bench command-api`). Lines and their metadata are the same as before.
struct StderrLogHandler: LogHandler {
    /// Writes the lines; holds no metadata of its own.
    private var stream: StreamLogHandler
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(label: String, metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider) {
        stream = StreamLogHandler.standardError(label: label, metadataProvider: nil)
        self.metadataProvider = metadataProvider
    }

    var logLevel: Logger.Level {
        get { stream.logLevel }
        set { stream.logLevel = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Merges as `StreamLogHandler` does (the handler's metadata, then the provider's,
    /// then the line's, each overriding the one before) and writes the line.
    func log(event: LogEvent) {
        var event = event
        let provided = metadataProvider?.get() ?? [:]
        if !metadata.isEmpty || !provided.isEmpty {
            var merged = metadata
            merged.merge(provided) { _, provided in provided }
            if let explicit = event.metadata { merged.merge(explicit) { _, explicit in explicit } }
            event.metadata = merged
        }
        stream.log(event: event)
    }
}
