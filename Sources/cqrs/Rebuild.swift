import ArgumentParser
import Foundation
import ProjectorRuntime

/// `cqrs rebuild`: fill the next generation from the start of the log, switch, delete the old.
struct Rebuild: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rebuild the read models into a new generation while the live one keeps serving.",
        discussion: """
        Fills the next generation from the start of the log with its own consumer groups, \
        switches the live pointer atomically once it has caught up, then deletes the old \
        generation with SCAN + UNLINK. Interrupted (Ctrl-C), it can be resumed by running it \
        again, or dropped with --abandon; the live generation is never touched.
        """
    )

    @OptionGroup var stores: ReadSideOptions

    @Flag(help: "Drop an interrupted rebuild instead of resuming it.")
    var abandon = false

    @Option(help: "Projector workers filling the new generation.")
    var workers = 2

    func validate() throws {
        guard (1...64).contains(workers) else { throw ValidationError("--workers must be between 1 and 64") }
    }

    func run() async throws {
        try await stores.withAdmin("cqrs-rebuild") { admin in
            if abandon {
                if let dropped = try await admin.abandonRebuild() {
                    print("rebuild: abandoned generation \(dropped); it is being deleted")
                    _ = try await admin.deleteRetiredGenerations()
                } else {
                    print("rebuild: no rebuild in progress")
                }
                return
            }
            var options = RebuildOptions()
            options.workers = workers
            let bar = ProgressBar()
            let report = try await admin.rebuild(options: options) { bar.show($0) }
            bar.finish()
            let seconds = Double(report.duration.components.seconds) + Double(report.duration.components.attoseconds) / 1e18
            print("rebuild: generation \(report.generation) is live\(report.replaced.map { ", replacing \($0)" } ?? "")\(report.resumed ? " (resumed)" : ""); \(report.eventsApplied) events in \(String(format: "%.1f", seconds)) s")
        }
    }
}

extension ProgressBar {
    func show(_ progress: RebuildProgress) {
        let phase: String
        switch progress.phase {
        case .catchingUp: phase = "catching up"
        case .switching: phase = "switching"
        case .deletingOldGeneration(let old): phase = "deleting \(old) (\(progress.keysDeleted) keys)"
        case .done: phase = "done"
        }
        show(done: progress.eventsDone, total: progress.eventsTotal, unit: "events", perSecond: progress.eventsPerSecond,
             remaining: progress.estimatedTimeRemaining, phase: phase)
    }
}
