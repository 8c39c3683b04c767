/// Every write-side key name, in one place. Operators read these with redis-cli;
/// docs/architecture.md lists them.
///
/// Aggregate `Product:42` lives in partition `p = FNV-1a-64("Product:42") mod P`,
/// and every key of partition p carries the hash tag `{p<p>}`, so one Function call
/// can touch the log, the aggregate's index and the command record together, also on
/// Redis Cluster.
public struct EventStoreKeys: Sendable, Hashable {
    /// The key prefix, `cqrs` by default.
    public let prefix: String
    /// The partition count P, fixed at `cqrs init`.
    public let partitions: Int

    public init(prefix: String = "cqrs", partitions: Int) {
        self.prefix = prefix
        self.partitions = partitions
    }

    /// `cqrs:meta`: the store's settings (partition count, layout version).
    public static func meta(prefix: String) -> String { "\(prefix):meta" }
    public var meta: String { Self.meta(prefix: prefix) }

    /// The stable partition of an aggregate (`"Product:42"`).
    public func partition(of aggregate: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in aggregate.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int(hash % UInt64(partitions))
    }

    /// `cqrs:{p7}`: the partition's key stem with its hash tag.
    public func stem(_ partition: Int) -> String { "\(prefix):{p\(partition)}" }
    /// `cqrs:{p7}:log`: the partition's event stream.
    public func log(_ partition: Int) -> String { "\(stem(partition)):log" }
    /// `cqrs:{p7}:idx:Product:42`: element 0 the version, then the log ids by version.
    public func index(_ partition: Int, aggregate: String) -> String { "\(stem(partition)):idx:\(aggregate)" }
    /// `cqrs:{p7}:snap:Product:42`: the latest snapshot.
    public func snapshot(_ partition: Int, aggregate: String) -> String { "\(stem(partition)):snap:\(aggregate)" }
    /// `cqrs:{p7}:cmd:<uuid>`: a command's recorded outcome, with a TTL.
    public func command(_ partition: Int, id: String) -> String { "\(stem(partition)):cmd:\(id)" }
    /// Every partition log, in partition order.
    public var logs: [String] { (0..<partitions).map(log) }
}
