/// Commands sent with `XADD` to `<prefix>:commands` instead of HTTP, run by
/// ``CommandWorker``s of the consumer group `command-workers`, with results in
/// `<prefix>:command-result:<commandId>`.
public enum CommandQueueModule {}
