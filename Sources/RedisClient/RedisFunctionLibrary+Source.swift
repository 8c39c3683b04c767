import Foundation

extension RedisFunctionLibrary {
    /// A library from its Lua source: the name from the first line, `#!lua name=<name>`,
    /// and the version from the line that assigns `LIBRARY_VERSION = <n>`.
    public init(source: String, versionFunction: String) throws(RedisClientError) {
        let lines = source.split(separator: "\n")
        guard let first = lines.first, first.hasPrefix("#!lua name="), first.count > "#!lua name=".count else {
            throw RedisClientError(.invalidConfiguration, "a Redis Function library must start with '#!lua name=<name>'")
        }
        let declaration = lines.first { $0.contains("LIBRARY_VERSION") && $0.contains("=") }
        guard let digits = declaration?.split(separator: "=").last?.filter(\.isNumber), let version = Int64(digits) else {
            throw RedisClientError(.invalidConfiguration, "the Lua library \(first.dropFirst(11)) assigns no LIBRARY_VERSION = <number>")
        }
        self.init(name: String(first.dropFirst("#!lua name=".count)), versionFunction: versionFunction, version: version, source: source)
    }

    /// A library shipped as a package resource (`Bundle.module.url(...)`). A missing or
    /// malformed resource is a packaging error: it stops the program, naming the file.
    public init(resource url: URL?, versionFunction: String, file: StaticString = #fileID) {
        guard let url, let source = try? String(contentsOf: url, encoding: .utf8) else {
            fatalError("\(file): the Lua resource for \(versionFunction) is missing; ship the resource bundle next to the binary")
        }
        do {
            try self.init(source: source, versionFunction: versionFunction)
        } catch {
            fatalError("\(url.lastPathComponent): \(error)")
        }
    }
}
