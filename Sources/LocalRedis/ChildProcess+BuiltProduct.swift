import Foundation

extension ChildProcess {
    /// The path of an executable product of this package (`cqrs`): next to the running
    /// test bundle, else in `.build/debug` (`swift build` builds it with the tests).
    public static func builtProduct(_ name: String) throws -> String {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name).path,
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(".build/debug/\(name)").path,
        ]
        guard let path = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw LocalRedisError("\(name) is not built (looked at \(candidates)); run `swift build` first")
        }
        return path
    }
}
