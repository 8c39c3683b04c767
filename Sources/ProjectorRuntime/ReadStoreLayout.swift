/// Every read-store key the projector runtime owns, in one place. A projection's own
/// keys live under ``prefix(_:)`` of a generation; docs/architecture.md lists them all.
public struct ReadStoreLayout: Sendable, Hashable {
    /// The key root of one projection's read models, `cqrs:rm` by default.
    public let root: String

    public init(root: String = "cqrs:rm") {
        self.root = root
    }

    /// `cqrs:rm:live`: the name of the live generation (`g3`).
    public var livePointer: String { "\(root):live" }
    /// `cqrs:rm:gens`: generation name → `building` | `live` | `retired`.
    public var generations: String { "\(root):gens" }
    /// `cqrs:rm:gen-counter`: the highest generation number ever registered (never reused).
    public var generationCounter: String { "\(root):gen-counter" }
    /// `cqrs:rm:g3`: the stem of every key of a generation.
    public func prefix(_ generation: ReadModelGeneration) -> String { "\(root):\(generation.name)" }
    /// `cqrs:rm:g3:dlq`: the generation's dead-letter stream.
    public func deadLetters(_ generation: ReadModelGeneration) -> String { "\(prefix(generation)):dlq" }
    /// `cqrs:rm:g3:parked`: aggregate → version of its first parked event.
    public func parked(_ generation: ReadModelGeneration) -> String { "\(prefix(generation)):parked" }
    /// `cqrs:rm:g3:synced`: the read store's run id and, per partition log, the position
    /// below which everything was applied (``ReadStoreRecovery``).
    public func synced(_ generation: ReadModelGeneration) -> String { "\(prefix(generation)):synced" }
    /// The runtime's own keys inside a generation, which are not read models (verify skips them).
    public func runtimeKeys(_ generation: ReadModelGeneration) -> Set<String> {
        [deadLetters(generation), parked(generation), synced(generation)]
    }
}
