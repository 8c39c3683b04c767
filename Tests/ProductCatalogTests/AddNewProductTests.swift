import ProductCatalog
import Testing

@Suite("addNewProduct")
struct AddNewProductTests {
    let price = Fixture.price("19.99")

    func add(id: Int64 = 7, name: String = "Lamp", description: String = "", unitPrice: Price? = nil)
        -> ProductCommand
    {
        .addNewProduct(id: id, name: name, description: description, unitPrice: unitPrice ?? price)
    }

    @Test func addsAProduct() {
        let state = Scenario.given()
            .when(add(name: "Desk lamp", description: "LED\nwarm\twhite"))
            .then(.productAdded(id: 7, name: "Desk lamp", description: "LED\nwarm\twhite", unitPrice: price))
        #expect(state == ProductState(
            exists: true, id: 7, name: "Desk lamp", description: "LED\nwarm\twhite", unitPrice: price, stock: 0,
            ratings: [:]))
    }

    @Test func existingIdIsAConflict() {
        let error = Scenario.given(Fixture.added).when(add(id: 42)).thenRejected(.alreadyExists)
        #expect(error?.description == "product 42 already exists")
        #expect(error?.productId == 42)
    }

    @Test(arguments: [Int64(0), -1, .min])
    func idMustBePositive(id: Int64) {
        Scenario.given().when(add(id: id)).thenRejected(
            .invalidField, field: "id", messageContains: ["id must be a positive integer, got \(id)"])
    }

    @Test func smallestIdIsAccepted() {
        Scenario.given().when(add(id: 1)).then(.productAdded(id: 1, name: "Lamp", description: "", unitPrice: price))
    }

    @Test func nameOf200CharactersIsAccepted() {
        let name = String(repeating: "a", count: 200)
        Scenario.given().when(add(name: name)).then(.productAdded(id: 7, name: name, description: "", unitPrice: price))
    }

    @Test func nameLengthCountsCharactersNotBytes() {
        let name = String(repeating: "👍🏽", count: 200)  // 200 characters, 1600 UTF-8 bytes
        Scenario.given().when(add(name: name)).then(.productAdded(id: 7, name: name, description: "", unitPrice: price))
    }

    @Test func nameOf201CharactersIsRejected() {
        Scenario.given().when(add(name: String(repeating: "é", count: 201))).thenRejected(
            .invalidField, field: "name", messageContains: ["name must be between 1 and 200 characters, got 201"])
    }

    @Test func emptyNameIsRejected() {
        Scenario.given().when(add(name: "")).thenRejected(.invalidField, field: "name", messageContains: ["got 0"])
    }

    @Test func singleCharacterNameIsAccepted() {
        Scenario.given().when(add(name: "X")).then(.productAdded(id: 7, name: "X", description: "", unitPrice: price))
    }

    @Test(arguments: [" ", "   ", "\u{3000}", " \u{A0} "])
    func blankNameIsRejected(name: String) {
        Scenario.given().when(add(name: name)).thenRejected(
            .invalidField, field: "name", messageContains: ["must not be blank"])
    }

    @Test(arguments: ["a\u{0}b", "a\nb", "a\tb", "a\u{7F}", "a\u{85}b", "Lamp\r"])
    func controlCharactersInNameAreRejected(name: String) {
        Scenario.given().when(add(name: name)).thenRejected(
            .invalidField, field: "name", messageContains: ["must not contain control characters"])
    }

    @Test func controlCharacterMessageNamesTheScalar() {
        Scenario.given().when(add(name: "ab\u{0}")).thenRejected(
            .invalidField, field: "name", messageContains: ["U+0000", "offset 2"])
    }

    @Test func descriptionOf2000CharactersIsAccepted() {
        let text = String(repeating: "d", count: 2000)
        Scenario.given().when(add(description: text))
            .then(.productAdded(id: 7, name: "Lamp", description: text, unitPrice: price))
    }

    @Test func descriptionOf2001CharactersIsRejected() {
        Scenario.given().when(add(description: String(repeating: "d", count: 2001))).thenRejected(
            .invalidField, field: "description",
            messageContains: ["description must be at most 2000 characters, got 2001"])
    }

    @Test(arguments: ["a\u{0}", "line\r\nline", "bell\u{7}", "\u{9F}"])
    func controlCharactersInDescriptionAreRejected(description: String) {
        Scenario.given().when(add(description: description)).thenRejected(
            .invalidField, field: "description", messageContains: ["other than newline and tab"])
    }

    @Test(arguments: ["0.01", "1", "999999.99", "1000000", "1000000.00"])
    func unitPriceWithinRangeIsAccepted(text: String) {
        let price = Fixture.price(text)
        Scenario.given().when(add(unitPrice: price))
            .then(.productAdded(id: 7, name: "Lamp", description: "", unitPrice: price))
    }

    @Test(arguments: ["0", "0.00", "1000000.01", "1000001", "99999999999"])
    func unitPriceOutOfRangeIsRejected(text: String) {
        Scenario.given().when(add(unitPrice: Fixture.price(text))).thenRejected(
            .invalidField, field: "unitPrice",
            messageContains: ["unitPrice must be greater than 0 and at most 1000000.00, got \(Fixture.price(text))"])
    }

    @Test func fieldsAreCheckedBeforeExistence() {
        Scenario.given(Fixture.added).when(add(id: 42, name: "")).thenRejected(.invalidField, field: "name")
    }
}
