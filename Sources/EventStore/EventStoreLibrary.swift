import Foundation
import RedisClient

/// The write side's Redis Functions (`Lua/eventstore.lua`), shipped with the package;
/// its version is the source's `LIBRARY_VERSION`.
public enum EventStoreLibrary {
    public static let library = RedisFunctionLibrary(
        resource: Bundle.module.url(forResource: "eventstore", withExtension: "lua", subdirectory: "Lua"),
        versionFunction: "cqrs_es_version"
    )
}
