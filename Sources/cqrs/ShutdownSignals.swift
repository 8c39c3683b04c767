import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// The write end of the pipe the signal handler writes to (set once, before the
/// handler is installed; a signal handler may only touch such plain values).
nonisolated(unsafe) private var signalPipe: Int32 = -1

/// SIGTERM and SIGINT for every `cqrs` process: a plain handler writes the signal to a
/// pipe, and one thread reads it and shuts the running ``ServiceGroup`` down gracefully.
///
/// ServiceLifecycle's own handling (libdispatch signal sources) could, on Linux, let a
/// SIGTERM take its default action after the graceful shutdown had finished, so the
/// process ended with status 143 (the smoke test of `make run` saw it about one stop in
/// four). With a handler installed for the whole process, no thread ever takes the
/// default action. A command that runs no group (`init`, `rebuild`, `seed`, ...) exits
/// as the default action would, with 128 + the signal number (`rebuild` resumes where
/// it stopped); a second signal during a graceful shutdown exits the same way at once.
enum ShutdownSignals {
    private static let state = Mutex<(group: ServiceGroup?, received: Bool)>((nil, false))

    /// Call first thing in `main`.
    static func install() {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return }  // then the default actions stay
        signalPipe = ends[1]
        for number in [SIGTERM, SIGINT] {
            signal(number) { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(signalPipe, &byte, 1)
            }
        }
        let readEnd = ends[0]
        let reader = Thread {
            var byte: UInt8 = 0
            while true {
                let count = read(readEnd, &byte, 1)
                if count == 1 {
                    received(Int32(byte))
                } else if count < 0, errno != EINTR {
                    return
                }
            }
        }
        reader.name = "cqrs-signals"
        reader.start()
    }

    /// Runs `services` in a group of their own; SIGTERM or SIGINT (even one that came
    /// before) shuts them down gracefully.
    static func run(_ services: [any Service], logger: Logger) async throws {
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [], logger: logger))
        let early = state.withLock { state in
            state.group = group
            return state.received
        }
        if early { await group.triggerGracefulShutdown() }
        try await group.run()
        FileHandle.standardError.write(Data("cqrs: stopped\n".utf8))
    }

    private static func received(_ signal: Int32) {
        let (group, again) = state.withLock { state in
            defer { state.received = true }
            return (state.group, state.received)
        }
        let name = signal == SIGTERM ? "SIGTERM" : "SIGINT"
        guard let group, !again else {
            FileHandle.standardError.write(Data("cqrs: \(name)\(again ? " again" : ""); exiting now\n".utf8))
            exit(128 + signal)
        }
        FileHandle.standardError.write(Data("cqrs: \(name); shutting down gracefully\n".utf8))
        Task { await group.triggerGracefulShutdown() }
    }
}
