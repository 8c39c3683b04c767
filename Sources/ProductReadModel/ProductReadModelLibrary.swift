import Foundation
import RedisClient

/// The product read models' Redis Functions (`Lua/readmodel.lua`): `cqrs_rm_apply` for
/// projectors, `cqrs_rm_*` queries for readers.
public enum ProductReadModelLibrary {
    public static let library = RedisFunctionLibrary(
        resource: Bundle.module.url(forResource: "readmodel", withExtension: "lua", subdirectory: "Lua"),
        versionFunction: "cqrs_rm_version"
    )
}
