import ArgumentParser
import Foundation
import ProjectorRuntime

/// `cqrs verify`: the oracle. Recompute the read models from the log and diff.
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recompute every read model from the log in memory and diff it against the live generation.",
        discussion: "Exits 0 when they match, 1 when there are differences (printed), 2 on failure."
    )

    @OptionGroup var stores: ReadSideOptions

    @Option(help: "Differences to print at most.")
    var maxDifferences = 100

    func run() async throws {
        let report = try await stores.withAdmin("cqrs-verify") { try await $0.verify(maxDifferences: maxDifferences) }
        print("verify: generation \(report.generation): \(report.eventsRead) events read, \(report.keysExpected) keys expected, \(report.keysFound) found")
        for difference in report.differences { print("  \(difference)") }
        for event in report.undecodable { print("  undecodable: \(event)") }
        if report.isClean {
            print("verify: clean")
        } else {
            print("verify: \(report.differenceCount) differences, \(report.undecodable.count) undecodable events")
            throw ExitCode(1)
        }
    }
}
