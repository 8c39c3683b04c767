import Foundation

extension EventEnvelope {
    /// The id of the `index`-th event (0-based) of a command: the command id with
    /// `index + 1` mixed into its last six bytes. Deterministic, so a retried command
    /// yields the same event ids, and a store can keep just the index. As unique as
    /// random UUIDs, since the command id's random bits are kept.
    public static func derivedEventId(commandId: UUID, index: Int) -> UUID {
        var bytes = commandId.uuid
        var mix = UInt64(index + 1)
        withUnsafeMutableBytes(of: &bytes) { raw in
            for offset in (10..<16).reversed() {
                raw[offset] ^= UInt8(truncatingIfNeeded: mix)
                mix >>= 8
            }
        }
        return UUID(uuid: bytes)
    }
}
