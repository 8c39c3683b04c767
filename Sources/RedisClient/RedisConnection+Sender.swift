/// A single connection runs commands like the pool does (the typed helpers work on it):
/// for state bound to one connection, such as CLIENT TRACKING.
extension RedisConnection: RedisCommandSender {}
