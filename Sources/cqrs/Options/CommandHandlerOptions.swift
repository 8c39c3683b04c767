import ArgumentParser

/// The command handler's settings: `cqrs command-api` and `cqrs command-worker`.
struct CommandHandlerOptions: ParsableArguments {
    @Option(help: "Snapshot a product each time its version crosses a multiple of this; 0 never (env CQRS_SNAPSHOT_EVERY; default 100).")
    var snapshotEvery: Int?

    @Option(help: ArgumentHelp(
        "How long a command id is remembered: the same command re-sent with that id (Idempotency-Key, or the queue's commandId) within this time answers the first outcome and writes nothing; each costs the write store about 175 bytes until then (env CQRS_IDEMPOTENCY_TTL; default 86400, a day).",
        valueName: "seconds"))
    var idempotencyTtl: Int?

    /// `--snapshot-every`, 0 or more.
    func resolvedSnapshotEvery() throws -> Int {
        let value = try Setting.integer(snapshotEvery, env: "CQRS_SNAPSHOT_EVERY", default: 100)
        guard value >= 0 else { throw CLIError("--snapshot-every must be 0 (never) or more, got \(value)") }
        return value
    }

    /// `--idempotency-ttl`, 1 s to 10 years (what the append Functions accept).
    func resolvedIdempotencyTTL() throws -> Duration {
        try Setting.ttl(idempotencyTtl, env: "CQRS_IDEMPOTENCY_TTL", default: 86_400, option: "--idempotency-ttl")
    }
}
