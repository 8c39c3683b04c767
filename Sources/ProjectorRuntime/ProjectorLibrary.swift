import Foundation
import RedisClient

/// The runtime's own Redis Functions on the read store (`Lua/projector.lua`): the
/// generation registry and the dead-letter stream.
enum ProjectorLibrary {
    static let library = RedisFunctionLibrary(
        resource: Bundle.module.url(forResource: "projector", withExtension: "lua", subdirectory: "Lua"),
        versionFunction: "cqrs_rt_version"
    )
}
