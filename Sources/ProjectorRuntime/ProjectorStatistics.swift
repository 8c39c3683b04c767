import Synchronization

/// Counters of one projector instance since it started.
public struct ProjectorStatistics: Sendable, Hashable {
    /// Batches read from the logs (fresh reads and claims).
    public var batches = 0
    /// Events applied by this instance (including gap fills).
    public var applied = 0
    /// Events that were already applied (redeliveries, or filled by another instance).
    public var duplicates = 0
    /// Events this instance applied to fill a gap before a later event.
    public var gapEventsFilled = 0
    /// Pending entries taken over from idle consumers with XAUTOCLAIM.
    public var claimed = 0
    /// Entries that failed and were left pending for a later delivery.
    public var failedDeliveries = 0
    /// Entries moved to the dead-letter stream.
    public var parked = 0
    /// Times the instance moved to another generation (after a rebuild switched).
    public var generationSwitches = 0

    public init() {}
}

/// The shared, lock-protected counters of a projector.
final class StatisticsRecorder: Sendable {
    private let counters = Mutex(ProjectorStatistics())

    var snapshot: ProjectorStatistics { counters.withLock { $0 } }

    func record(_ change: (inout ProjectorStatistics) -> Void) {
        counters.withLock { change(&$0) }
    }
}
