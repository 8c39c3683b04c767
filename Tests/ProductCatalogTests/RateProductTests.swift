import ProductCatalog
import Testing

@Suite("rateProduct")
struct RateProductTests {
    let id = Fixture.productId

    @Test func firstRatingHasNoPreviousRating() {
        let state = Scenario.given(Fixture.added)
            .when(.rateProduct(productId: id, userId: 5, rating: 4))
            .then(.productRated(productId: id, userId: 5, rating: 4, previousRating: nil))
        #expect(state.ratings == [5: 4])
    }

    @Test func reRatingReplacesAndCarriesThePreviousRating() {
        let state = Scenario.given(
            Fixture.added,
            .productRated(productId: id, userId: 5, rating: 4, previousRating: nil),
            .productRated(productId: id, userId: 6, rating: 1, previousRating: nil)
        )
        .when(.rateProduct(productId: id, userId: 5, rating: 2))
        .then(.productRated(productId: id, userId: 5, rating: 2, previousRating: 4))
        #expect(state.ratings == [5: 2, 6: 1])
    }

    @Test func reRatingWithTheSameValueStillEmitsAnEvent() {
        Scenario.given(Fixture.added, .productRated(productId: id, userId: 5, rating: 3, previousRating: nil))
            .when(.rateProduct(productId: id, userId: 5, rating: 3))
            .then(.productRated(productId: id, userId: 5, rating: 3, previousRating: 3))
    }

    @Test(arguments: [1, 5])
    func ratingBoundsAreAccepted(rating: Int) {
        Scenario.given(Fixture.added).when(.rateProduct(productId: id, userId: 1, rating: rating))
            .then(.productRated(productId: id, userId: 1, rating: rating, previousRating: nil))
    }

    @Test(arguments: [0, 6, -1, Int.max])
    func ratingOutOfRangeIsRejected(rating: Int) {
        Scenario.given(Fixture.added).when(.rateProduct(productId: id, userId: 1, rating: rating)).thenRejected(
            .invalidField, field: "rating", messageContains: ["rating must be between 1 and 5, got \(rating)"])
    }

    @Test(arguments: [Int64(0), -3])
    func userIdMustBePositive(userId: Int64) {
        Scenario.given(Fixture.added).when(.rateProduct(productId: id, userId: userId, rating: 3)).thenRejected(
            .invalidField, field: "userId", messageContains: ["userId must be a positive integer, got \(userId)"])
    }

    @Test func productIdMustBePositive() {
        Scenario.given().when(.rateProduct(productId: 0, userId: 1, rating: 3))
            .thenRejected(.invalidField, field: "id")
    }

    @Test func unknownProductIsNotFound() {
        let error = Scenario.given().when(.rateProduct(productId: 9, userId: 1, rating: 3)).thenRejected(.notFound)
        #expect(error?.description == "product 9 not found")
    }
}
