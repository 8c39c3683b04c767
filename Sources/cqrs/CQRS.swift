import ArgumentParser

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

    /// Takes SIGTERM and SIGINT away from the default action before any thread starts
    /// (``ShutdownSignals``), then runs the command.
    static func main() async {
        ShutdownSignals.install()
        await main(nil)
    }
}
