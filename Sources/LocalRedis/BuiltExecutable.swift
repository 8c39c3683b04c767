import Foundation

/// An executable of this package as `swift build` left it, for tests that run the real
/// thing (`cqrs projector`, `cqrs query-api`): next to the running test bundle, else in
/// the package's `.build/debug`.
public enum BuiltExecutable {
    /// The path of executable `name`; `callerFile` locates the package (a file under
    /// `Tests/<target>/`).
    public static func path(_ name: String, callerFile: String = #filePath) throws -> String {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name).path,
            URL(fileURLWithPath: callerFile).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(".build/debug/\(name)").path,
        ]
        guard let path = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw LocalRedisError("\(name) is not built (looked at \(candidates)); run `swift build` first")
        }
        return path
    }
}
