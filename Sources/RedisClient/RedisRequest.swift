import NIOCore

/// Results of an explicit pipeline: one per command, server errors as values.
public typealias RedisPipelineResults = [Result<RESPValue, RedisServerError>]

/// Work handed from a caller to a connection's event loop.
struct RedisRequest: Sendable {
    enum Payload: Sendable {
        case single(RedisCommand, UnsafeContinuation<RESPValue, any Error>)
        case batch([RedisCommand], UnsafeContinuation<RedisPipelineResults, any Error>)
    }

    let payload: Payload
    let deadline: NIODeadline
    let timeout: Duration

    var name: String {
        switch payload {
        case .single(let command, _): return command.name
        case .batch(let commands, _): return "pipeline of \(commands.count) commands"
        }
    }

    /// One command, not an explicit pipeline.
    var isSingle: Bool {
        if case .single = payload { return true }
        return false
    }

    /// False for an empty pipeline, which the handler answers at once.
    var expectsReply: Bool {
        if case .batch(let commands, _) = payload { return !commands.isEmpty }
        return true
    }

    var encodedSize: Int {
        switch payload {
        case .single(let command, _): return command.encoded.readableBytes
        case .batch(let commands, _): return commands.reduce(0) { $0 + $1.encoded.readableBytes }
        }
    }

    /// Fails the request; used when it can no longer be sent or answered.
    func fail(_ error: any Error) {
        switch payload {
        case .single(_, let continuation): continuation.resume(throwing: error)
        case .batch(_, let continuation): continuation.resume(throwing: error)
        }
    }
}

/// Collects the replies of one explicit pipeline. Lives on the event loop only.
final class PipelineCollector {
    private var continuation: UnsafeContinuation<RedisPipelineResults, any Error>?
    private var results: RedisPipelineResults
    private let expected: Int
    let name: String
    let deadline: NIODeadline
    let timeout: Duration

    init(_ continuation: UnsafeContinuation<RedisPipelineResults, any Error>, expected: Int, request: RedisRequest) {
        self.continuation = continuation
        self.expected = expected
        self.results = []
        self.results.reserveCapacity(expected)
        self.name = request.name
        self.deadline = request.deadline
        self.timeout = request.timeout
    }

    var isDone: Bool { continuation == nil }

    func deliver(_ value: RESPValue) {
        guard continuation != nil else { return }
        if case .error(let message) = value {
            results.append(.failure(RedisServerError(message: message)))
        } else {
            results.append(.success(value))
        }
        if results.count == expected {
            continuation?.resume(returning: results)
            continuation = nil
        }
    }

    func fail(_ error: any Error) {
        continuation?.resume(throwing: error)
        continuation = nil
    }
}

/// A reply the connection is waiting for, in send order.
enum PendingReply {
    case single(UnsafeContinuation<RESPValue, any Error>?, name: String, deadline: NIODeadline, timeout: Duration)
    case pipelined(PipelineCollector)

    var deadline: NIODeadline {
        switch self {
        case .single(_, _, let deadline, _): return deadline
        case .pipelined(let collector): return collector.deadline
        }
    }
}
