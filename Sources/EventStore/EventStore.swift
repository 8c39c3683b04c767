/// The write store: a partitioned event log on Redis Streams.
///
/// Appends are one Redis Function call per command (expected version, idempotent
/// command id, several events at once). See docs/architecture.md for the key layout.
public enum EventStoreModule {}
