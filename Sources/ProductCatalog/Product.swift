import EventSourcing

/// The product aggregate: one stream per product id.
public enum Product: Aggregate {
    public typealias State = ProductState
    public typealias Command = ProductCommand
    public typealias Event = ProductEvent

    /// `"Product"`.
    public static let aggregateType = "Product"

    /// A product that has not been added.
    public static var initialState: ProductState { .absent }

    /// 1.
    public static let snapshotSchemaVersion = 1

    /// ``ProductState/snapshotJSON``.
    public static func encodeSnapshot(_ state: ProductState) -> [UInt8] {
        state.snapshotJSON
    }

    /// The decimal product id, e.g. `"42"`.
    public static func aggregateId(of command: ProductCommand) -> String {
        String(command.productId)
    }

    /// The stream id part for a product id, e.g. `"42"`.
    public static func aggregateId(productId: Int64) -> String {
        String(productId)
    }
}
