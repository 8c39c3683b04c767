import ArgumentParser
import EventStore
import Foundation
import ProjectorRuntime
import RedisClient

/// `cqrs status`: how far behind the projections are, what is parked, what is live.
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show lag per partition, pending entries and consumers, dead letters, generations and store sizes."
    )

    @OptionGroup var stores: ReadSideOptions

    @Flag(help: "Print JSON for machines.")
    var json = false

    struct Report: Encodable {
        struct Partition: Encodable {
            let partition: Int
            let eventsBehind: Int64
            let secondsBehind: Double
            let pending: Int
            let consumers: [String: Int64]
        }
        let projection: String
        let liveGeneration: String?
        let generations: [String: String]
        let rebuildInProgress: String?
        let partitions: [Partition]
        let eventsBehind: Int64
        let secondsBehind: Double
        let deadLetters: Int
        let writeStore: [String: String]
        let readStore: [String: String]
    }

    func run() async throws {
        let (writeStore, readStore) = try stores.clients("cqrs-status")
        defer { writeStore.close(); readStore.close() }
        let admin = ProjectionAdmin(projection: try stores.projection(), writeStore: writeStore, readStore: readStore)
        let generations = try await admin.generations()
        let lag = try await admin.lag()
        let group = admin.projection.groupName(lag.generation)
        var partitions: [Report.Partition] = []
        for partition in lag.partitions {
            var consumers: [String: Int64] = [:]
            // `XINFO CONSUMERS`: each consumer's idle time in ms (none before the group exists).
            if let reply = try? await writeStore.send(RedisCommand("XINFO", ["CONSUMERS", .string(partition.log), .string(group)])).array {
                for consumer in reply {
                    if let fields = try? consumer.keyedValues(for: "XINFO CONSUMERS"), let name = fields["name"]?.string {
                        consumers[name] = fields["idle"]?.int ?? 0
                    }
                }
            }
            let seconds = partition.oldestUnappliedAt.map { max(0, lag.measuredAt.timeIntervalSince($0)) } ?? 0
            partitions.append(Report.Partition(
                partition: partition.partition, eventsBehind: partition.eventsBehind, secondsBehind: seconds,
                pending: partition.pending, consumers: consumers))
        }
        let report = Report(
            projection: lag.projection,
            liveGeneration: try await admin.liveGeneration()?.name,
            generations: Dictionary(uniqueKeysWithValues: generations.map { ($0.key.name, $0.value.rawValue) }),
            rebuildInProgress: generations.first { $0.value == .building }?.key.name,
            partitions: partitions, eventsBehind: lag.eventsBehind, secondsBehind: lag.secondsBehind,
            deadLetters: try await admin.deadLetters(limit: 100_000).count,
            writeStore: try await sizes(writeStore), readStore: try await sizes(readStore)
        )
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            printTable(report)
        }
    }

    private func sizes(_ redis: RedisClient) async throws -> [String: String] {
        let memory = try await redis.info("memory")
        return [
            "url": redis.configuration.redactedURL, "keys": String(try await redis.dbsize()),
            "usedMemory": memory["used_memory_human"] ?? "?",
        ]
    }

    private func printTable(_ report: Report) {
        print("projection \(report.projection): live generation \(report.liveGeneration ?? "none")\(report.rebuildInProgress.map { ", rebuild in progress into \($0)" } ?? "")")
        print("")
        print("partition  events behind  seconds behind  pending  consumers (idle ms)")
        for partition in report.partitions {
            let consumers = partition.consumers.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
            print(String(format: "%9d  %13lld  %14.1f  %7d  %@", partition.partition, partition.eventsBehind, partition.secondsBehind, partition.pending, consumers.isEmpty ? "-" : consumers))
        }
        print(String(format: "%9@  %13lld  %14.1f", "total", report.eventsBehind, report.secondsBehind))
        print("")
        print("dead letters: \(report.deadLetters)")
        print("write store \(report.writeStore["url"] ?? ""): \(report.writeStore["keys"] ?? "?") keys, \(report.writeStore["usedMemory"] ?? "?")")
        print("read store  \(report.readStore["url"] ?? ""): \(report.readStore["keys"] ?? "?") keys, \(report.readStore["usedMemory"] ?? "?")")
    }
}
