import Hummingbird
import ProductReadModel

/// A product as the near cache keeps it: its display view and both JSON bodies, encoded
/// once when cached, so a hit costs no encoding.
struct CachedProduct: Sendable {
    let display: ProductDisplay
    let displayBody: ByteBuffer
    let inventoryBody: ByteBuffer

    var version: Int64 { display.version }

    init?(_ views: ProductViews) {
        guard let displayBody = Response.jsonBody(views.display),
              let inventoryBody = Response.jsonBody(InventoryBody(views.inventory))
        else { return nil }
        display = views.display
        self.displayBody = displayBody
        self.inventoryBody = inventoryBody
    }
}
