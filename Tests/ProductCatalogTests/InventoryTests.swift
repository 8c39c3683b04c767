import ProductCatalog
import Testing

@Suite("addToInventory")
struct AddToInventoryTests {
    let id = Fixture.productId

    @Test func addsToStockAndReportsNewStock() {
        let state = Scenario.given(Fixture.stocked(10))
            .when(.addToInventory(productId: id, quantity: 5))
            .then(.inventoryAdded(productId: id, quantity: 5, newStock: 15))
        #expect(state.stock == 15)
    }

    @Test(arguments: [Int64(1), 1_000_000])
    func quantityBoundsAreAccepted(quantity: Int64) {
        Scenario.given(Fixture.added).when(.addToInventory(productId: id, quantity: quantity))
            .then(.inventoryAdded(productId: id, quantity: quantity, newStock: quantity))
    }

    @Test(arguments: [Int64(0), 1_000_001, -1])
    func quantityOutOfRangeIsRejected(quantity: Int64) {
        let error = Scenario.given(Fixture.added).when(.addToInventory(productId: id, quantity: quantity))
            .thenRejected(.invalidField, field: "quantity")
        #expect(error?.description == "quantity must be between 1 and 1000000, got \(quantity)")
    }

    @Test func stockCannotExceedTheMaximum() {
        Scenario.given(Fixture.added, .stockRecounted(productId: id, previousStock: 0, newStock: 999_999_999))
            .when(.addToInventory(productId: id, quantity: 2))
            .thenRejected(.invalidField, field: "quantity", messageContains: ["1000000001", "1000000000"])
    }

    @Test func stockMayReachTheMaximum() {
        Scenario.given(Fixture.added, .stockRecounted(productId: id, previousStock: 0, newStock: 999_999_999))
            .when(.addToInventory(productId: id, quantity: 1))
            .then(.inventoryAdded(productId: id, quantity: 1, newStock: 1_000_000_000))
    }

    @Test func unknownProductIsNotFound() {
        Scenario.given().when(.addToInventory(productId: id, quantity: 1)).thenRejected(.notFound)
    }
}

@Suite("confirmItemsShipped")
struct ConfirmItemsShippedTests {
    let id = Fixture.productId

    @Test func shipsFromStock() {
        let state = Scenario.given(Fixture.stocked(10))
            .when(.confirmItemsShipped(productId: id, quantity: 3))
            .then(.itemsShipped(productId: id, quantity: 3, newStock: 7))
        #expect(state.stock == 7)
    }

    @Test func shippingExactlyTheStockIsAllowed() {
        let state = Scenario.given(Fixture.stocked(10))
            .when(.confirmItemsShipped(productId: id, quantity: 10))
            .then(.itemsShipped(productId: id, quantity: 10, newStock: 0))
        #expect(state.stock == 0)
    }

    @Test func overShipmentIsRejectedWithStockAndRequest() {
        let error = Scenario.given(Fixture.stocked(3))
            .when(.confirmItemsShipped(productId: id, quantity: 5))
            .thenRejected(.insufficientStock)
        #expect(error?.description == "insufficient stock for product 42: 3 in stock, 5 requested")
        #expect(error?.field == nil)
    }

    @Test func shippingFromEmptyStockIsRejected() {
        Scenario.given(Fixture.added).when(.confirmItemsShipped(productId: id, quantity: 1))
            .thenRejected(.insufficientStock, messageContains: ["0 in stock, 1 requested"])
    }

    @Test(arguments: [Int64(0), -2])
    func quantityMustBeAtLeastOne(quantity: Int64) {
        Scenario.given(Fixture.stocked(10)).when(.confirmItemsShipped(productId: id, quantity: quantity))
            .thenRejected(.invalidField, field: "quantity", messageContains: ["got \(quantity)"])
    }

    @Test func unknownProductIsNotFound() {
        Scenario.given().when(.confirmItemsShipped(productId: id, quantity: 1)).thenRejected(.notFound)
    }
}

@Suite("updateStockFromInventoryRecount")
struct RecountTests {
    let id = Fixture.productId

    @Test func recordsOldAndNewStock() {
        let state = Scenario.given(Fixture.stocked(10))
            .when(.updateStockFromInventoryRecount(productId: id, updatedQuantity: 8))
            .then(.stockRecounted(productId: id, previousStock: 10, newStock: 8))
        #expect(state.stock == 8)
    }

    @Test(arguments: [Int64(0), 1_000_000_000])
    func boundsAreAccepted(quantity: Int64) {
        Scenario.given(Fixture.stocked(4))
            .when(.updateStockFromInventoryRecount(productId: id, updatedQuantity: quantity))
            .then(.stockRecounted(productId: id, previousStock: 4, newStock: quantity))
    }

    @Test(arguments: [Int64(-1), 1_000_000_001])
    func outOfRangeIsRejected(quantity: Int64) {
        Scenario.given(Fixture.stocked(4))
            .when(.updateStockFromInventoryRecount(productId: id, updatedQuantity: quantity))
            .thenRejected(
                .invalidField, field: "quantity",
                messageContains: ["quantity must be between 0 and 1000000000, got \(quantity)"])
    }

    @Test func unknownProductIsNotFound() {
        Scenario.given().when(.updateStockFromInventoryRecount(productId: id, updatedQuantity: 1))
            .thenRejected(.notFound)
    }
}
