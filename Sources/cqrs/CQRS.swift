import ArgumentParser
import Foundation
import NIOCore
import NIOPosix

/// The `cqrs` command line: one executable, one subcommand per process role.
@main
struct CQRS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cqrs",
        abstract: "CQRS and event sourcing on Redis: write side, projectors, query service, operations.",
        subcommands: [
            Init.self, ServeCommandAPI.self, ServeQueryAPI.self, RunCommandWorker.self, RunProjector.self,
            Rebuild.self, Verify.self, Status.self, DeadLetters.self, Seed.self, Bench.self,
        ]
    )

    /// Runs Swift concurrency's tasks on NIO's event loop threads (unless
    /// `CQRS_NIO_EXECUTOR=0`), so a task awaiting Redis or an HTTP body resumes on the
    /// thread that did the I/O instead of waking a thread of a second pool.
    static func main() async {
        if ProcessInfo.processInfo.environment["CQRS_NIO_EXECUTOR"] != "0" {
            NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        }
        await main(nil)
    }
}
