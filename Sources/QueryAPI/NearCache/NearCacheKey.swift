import Hummingbird

/// What the near cache holds: a product (both views), or one answer of a list route.
enum NearCacheKey: Hashable, Sendable {
    case product(Int64)
    /// FindByName: the folded prefix, the limit and the start-after member ("" for the first page).
    case namePage(prefix: String, limit: Int, after: String)
    case related(Int64, limit: Int)
}

/// An encoded list answer and its ``ListETag``.
struct CachedList: Sendable {
    let body: ByteBuffer
    let tag: String

    init(body: ByteBuffer) {
        self.body = body
        tag = ListETag.tag(of: body)
    }
}

enum CachedValue: Sendable {
    case product(CachedProduct)
    case list(CachedList)
}
