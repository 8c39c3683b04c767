import RedisClient

/// What `/ready` checks: that the write store answers.
public struct ReadinessCheck: Sendable {
    private let check: @Sendable () async throws -> Void

    /// A check that passes when `check` returns and fails when it throws.
    public init(_ check: @escaping @Sendable () async throws -> Void) {
        self.check = check
    }

    /// PINGs the write store (bounded by the client's command timeout).
    public static func ping(_ redis: any RedisCommandSender) -> Self {
        Self { _ = try await redis.send(.ping()) }
    }

    /// Always ready (in-memory stores, tests).
    public static var alwaysReady: Self { Self {} }

    /// Runs the check.
    public func callAsFunction() async throws {
        try await check()
    }
}
