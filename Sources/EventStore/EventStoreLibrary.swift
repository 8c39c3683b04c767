import Foundation
import RedisClient

/// The write side's Redis Functions (`Lua/eventstore.lua`), shipped with the package.
public enum EventStoreLibrary {
    /// The library as shipped; its version is the source's `LIBRARY_VERSION`.
    public static let library: RedisFunctionLibrary = {
        guard let url = Bundle.module.url(forResource: "eventstore", withExtension: "lua", subdirectory: "Lua"),
              let source = try? String(contentsOf: url, encoding: .utf8)
        else {
            fatalError("EventStore's resource Lua/eventstore.lua is missing: ship the resource bundle next to the binary")
        }
        return RedisFunctionLibrary(
            name: "cqrs_eventstore", versionFunction: "cqrs_es_version",
            version: libraryVersion(in: source), source: source
        )
    }()

    static func libraryVersion(in source: String) -> Int64 {
        for line in source.split(separator: "\n") where line.contains("LIBRARY_VERSION") && line.contains("=") {
            let digits = line.split(separator: "=").last?.filter(\.isNumber) ?? ""
            if let version = Int64(digits) { return version }
        }
        fatalError("Lua/eventstore.lua defines no LIBRARY_VERSION")
    }
}
