import ArgumentParser
import Foundation
import ProjectorRuntime

/// `cqrs dlq list|replay|drop`: events parked after too many failed deliveries.
struct DeadLetters: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq",
        abstract: "Manage events parked in the dead-letter stream.",
        subcommands: [List.self, Replay.self, Drop.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List parked events, oldest first.")
        @OptionGroup var stores: ReadSideOptions
        @Option(help: "Entries to list at most.") var limit = 100

        func run() async throws {
            let letters = try await stores.withAdmin("cqrs-dlq") { try await $0.deadLetters(limit: limit) }
            if letters.isEmpty { return print("dlq: empty") }
            for letter in letters {
                print("\(letter.id)  \(letter.aggregate) v\(letter.version.map(String.init) ?? "?") \(letter.eventType)  deliveries \(letter.deliveries)  consumer \(letter.consumer)  parked \(letter.parkedAt)")
                print("    error: \(letter.error)")
            }
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Apply parked events again (all, or the ids given), once their cause is fixed.")
        @OptionGroup var stores: ReadSideOptions
        @Argument(help: "Dead-letter ids (default: all).") var ids: [String] = []

        func run() async throws {
            let report = try await stores.withAdmin("cqrs-dlq") { try await $0.replayDeadLetters(ids: ids.isEmpty ? nil : ids) }
            print("dlq: \(report.replayed.count) replayed, \(report.failed.count) failed again, \(report.skipped.count) skipped behind a failure")
            for (id, error) in report.failed.sorted(by: { $0.key < $1.key }) { print("  \(id): \(error)") }
            if !report.failed.isEmpty { throw ExitCode(1) }
        }
    }

    struct Drop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give up on parked events: each is skipped in the model (its version counts as applied), so its product's later events flow again.")
        @OptionGroup var stores: ReadSideOptions
        @Argument(help: "Dead-letter ids to drop.") var ids: [String]

        func validate() throws {
            guard !ids.isEmpty else { throw ValidationError("name the dead-letter ids to drop (see `cqrs dlq list`)") }
        }

        func run() async throws {
            let dropped = try await stores.withAdmin("cqrs-dlq") { try await $0.dropDeadLetters(ids: ids) }
            print("dlq: dropped \(dropped) of \(ids.count)")
        }
    }
}
