import EventSourcing
import ProductCatalog
import Testing

/// Given/when/then for the product aggregate:
/// `Scenario.given(events…).when(command).then(events…)` or `.thenRejected(kind, field:)`.
struct Scenario {
    let history: [ProductEvent]

    static func given(_ events: ProductEvent...) -> Scenario {
        Scenario(history: events)
    }

    static func given(_ events: [ProductEvent]) -> Scenario {
        Scenario(history: events)
    }

    func when(_ command: ProductCommand) -> Outcome {
        let state = Product.fold(history)
        do throws(ProductCatalogError) {
            return Outcome(history: history, result: .success(try Product.decide(command, state: state)))
        } catch {
            return Outcome(history: history, result: .failure(error))
        }
    }
}

/// The result of a `when`, checked by `then…`.
struct Outcome {
    let history: [ProductEvent]
    let result: Result<[ProductEvent], ProductCatalogError>

    /// Expects exactly `expected`, and checks each event survives a JSON round
    /// trip and folds onto the history.
    @discardableResult
    func then(_ expected: ProductEvent..., sourceLocation: SourceLocation = #_sourceLocation) -> ProductState {
        switch result {
        case .success(let events):
            #expect(events == expected, sourceLocation: sourceLocation)
            for event in events {
                let decoded = try? ProductEvent.decode(
                    eventType: event.eventType, payload: event.encodedPayload())
                #expect(decoded == event, "JSON round trip of \(event)", sourceLocation: sourceLocation)
            }
            return Product.fold(history + events)
        case .failure(let error):
            Issue.record("expected events \(expected), got error: \(error)", sourceLocation: sourceLocation)
            return Product.fold(history)
        }
    }

    /// Expects a rejection of `kind` naming `field`, whose message contains
    /// every string in `messageContains`. Returns the error for further checks.
    @discardableResult
    func thenRejected(
        _ kind: ProductCatalogError.Kind,
        field: String? = nil,
        messageContains: [String] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> ProductCatalogError? {
        switch result {
        case .success(let events):
            Issue.record("expected \(kind) error, got events \(events)", sourceLocation: sourceLocation)
            return nil
        case .failure(let error):
            #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
            #expect(error.field == field, "\(error)", sourceLocation: sourceLocation)
            for fragment in messageContains {
                #expect(error.description.contains(fragment), "\"\(error)\" lacks \"\(fragment)\"",
                        sourceLocation: sourceLocation)
            }
            return error
        }
    }
}

/// Shared test data.
enum Fixture {
    static func price(_ text: String) -> Price {
        do {
            return try Price(parsing: text)
        } catch {
            preconditionFailure("fixture price \(text) does not parse: \(error)")
        }
    }

    static let productId: Int64 = 42
    static let added = ProductEvent.productAdded(
        id: productId, name: "Mug", description: "Blue, 300 ml", unitPrice: price("12.50"))

    static func stocked(_ stock: Int64) -> [ProductEvent] {
        [added, .inventoryAdded(productId: productId, quantity: stock, newStock: stock)]
    }
}
