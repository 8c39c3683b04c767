// cqrs-projector: runs one projector instance of the product read models until SIGTERM
// or SIGINT (graceful: the current batch finishes and is acknowledged). A stand-in for
// `cqrs projector --consumer NAME`, which will take over this wiring.
//
//   cqrs-projector [--consumer NAME]
//
// Environment:
//   CQRS_WRITE_URL        the event store (default redis://127.0.0.1:6390)
//   CQRS_READ_URL         the read store (default: the write store)
//   CQRS_CONSUMER         consumer name (default: projector-<pid>); --consumer wins
//   CQRS_BATCH_SIZE       entries per read (256)
//   CQRS_CLAIM_IDLE_MS    idle time before a dead consumer's entries are claimed (30000)
//   CQRS_MAX_DELIVERIES   deliveries before an entry is dead-lettered (5)
//   CQRS_RELATED_LIMIT    K, recent ratings per user paired for related products (50)
//   CQRS_LOG_LEVEL        trace|debug|info|notice|warning|error (info)
import Foundation
import Logging
import ProductReadModel
import ProjectorRuntime
import RedisClient
import ServiceLifecycle

let environment = ProcessInfo.processInfo.environment
let arguments = CommandLine.arguments

func setting(_ name: String, _ defaultValue: Int) -> Int {
    guard let text = environment[name] else { return defaultValue }
    guard let value = Int(text), value > 0 else {
        FileHandle.standardError.write(Data("cqrs-projector: \(name) must be a positive integer, got '\(text)'\n".utf8))
        exit(64)
    }
    return value
}

var consumer = environment["CQRS_CONSUMER"] ?? "projector-\(getpid())"
if let flag = arguments.firstIndex(of: "--consumer") {
    guard flag + 1 < arguments.count else {
        FileHandle.standardError.write(Data("cqrs-projector: --consumer needs a name\n".utf8))
        exit(64)
    }
    consumer = arguments[flag + 1]
}

LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = environment["CQRS_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
    return handler
}
let logger = Logger(label: "cqrs.projector")

do {
    let writeURL = environment["CQRS_WRITE_URL"] ?? "redis://127.0.0.1:6390"
    let writeStore = try RedisClient(url: writeURL)
    let readStore = try RedisClient(url: environment["CQRS_READ_URL"] ?? writeURL)
    var configuration = ProjectorConfiguration(consumer: consumer)
    configuration.batchSize = setting("CQRS_BATCH_SIZE", 256)
    configuration.claimMinIdle = .milliseconds(setting("CQRS_CLAIM_IDLE_MS", 30_000))
    configuration.maxDeliveries = setting("CQRS_MAX_DELIVERIES", 5)
    let projector = Projector(
        projection: ProductProjection(relatedRatingsPerUser: setting("CQRS_RELATED_LIMIT", 50)),
        writeStore: writeStore, readStore: readStore, configuration: configuration, logger: logger
    )
    let services = ServiceGroup(services: [projector], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
    try await services.run()
    writeStore.close()
    readStore.close()
} catch {
    logger.critical("cqrs-projector stopped: \(error)")
    exit(1)
}
