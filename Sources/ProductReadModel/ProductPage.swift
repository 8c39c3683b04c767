/// One page of a paged query, and where the next one starts.
public struct ProductPage<Item: Sendable & Hashable>: Sendable, Hashable {
    /// The items of this page, in the query's order.
    public var items: [Item]
    /// The position after the last item when more follow (pass it back as `after`),
    /// `nil` on the last page.
    public var next: String?

    public init(items: [Item], next: String?) {
        self.items = items
        self.next = next
    }
}
