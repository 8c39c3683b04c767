import NIOCore

extension RedisConnection {
    /// Subscribes this connection to one pub/sub channel (RESP2) and hands each message's
    /// payload to `onMessage`, in order, on the connection's event loop (keep it short).
    ///
    /// Afterwards the connection is a subscriber: Redis accepts only PING (answered
    /// `["pong", ""]`) and (UN)SUBSCRIBE on it. Watch ``closeFuture`` to learn when
    /// messages stop: a subscription does not survive its connection.
    public func subscribe(to pubSubChannel: String, onMessage: @escaping @Sendable (RESPValue) -> Void) async throws {
        let name = RESPValue.bulkString(Array(pubSubChannel.utf8))
        try await channel.eventLoop.submit {
            self.handler.value.onMessage = { channel, payload in
                if channel == name { onMessage(payload) }
            }
        }.get()
        let reply = try await send(RedisCommand("SUBSCRIBE", [.string(pubSubChannel)]))
        guard reply.array?.first == "subscribe" else {
            throw RedisClientError(.unexpectedReply, "unexpected reply to SUBSCRIBE \(pubSubChannel): \(reply)")
        }
    }
}
