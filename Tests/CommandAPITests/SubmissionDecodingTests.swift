import CommandAPI
import EventSourcing
import Foundation
import ProductCatalog
import Testing

@Suite("CommandSubmission: the decoding HTTP and the queue share")
struct SubmissionDecodingTests {
    private func decode(_ kind: CommandKind, _ body: String, transport: CommandTransport = .queue, path: String? = nil, commandId: String? = UUID().uuidString, expected: String? = nil) throws(CommandProblem) -> CommandSubmission.Decoded {
        try CommandSubmission(kind: kind, transport: transport, pathProductId: path, body: Array(body.utf8), commandId: commandId, expectedVersion: expected).decode()
    }

    @Test func theQueueTakesTheProductIdFromTheBody() throws {
        let decoded = try decode(.addToInventory, #"{"productId":7,"quantity":3}"#, expected: "4")
        #expect(decoded.command == .addToInventory(productId: 7, quantity: 3))
        #expect(decoded.expectedVersion == .exact(4))
        #expect(try decode(.updateStockFromInventoryRecount, #"{"productId":7,"quantity":0}"#).command == .updateStockFromInventoryRecount(productId: 7, updatedQuantity: 0))
        #expect(try decode(.rateProduct, #"{"productId":7,"userId":2,"rating":5}"#).command == .rateProduct(productId: 7, userId: 2, rating: 5))
        let created = try decode(.addNewProduct, #"{"id":9,"name":"N","description":"D","unitPrice":19.99}"#)
        #expect(created.command == .addNewProduct(id: 9, name: "N", description: "D", unitPrice: try Price(parsing: "19.99")))
    }

    @Test func theQueueNamesItsOwnFields() {
        func problem(_ body: String, commandId: String? = UUID().uuidString, expected: String? = nil) -> CommandProblem? {
            do {
                _ = try decode(.confirmItemsShipped, body, commandId: commandId, expected: expected)
                return nil
            } catch {
                return error
            }
        }
        #expect(problem(#"{"quantity":1}"#)?.field == "productId")
        #expect(problem(#"{"productId":0,"quantity":1}"#)?.field == "productId")
        #expect(problem(#"{"productId":"1","quantity":1}"#)?.field == "productId")
        #expect(problem(#"{"productId":1,"quantity":1}"#, commandId: nil)?.field == "commandId")
        #expect(problem(#"{"productId":1,"quantity":1}"#, commandId: "x")?.field == "commandId")
        #expect(problem(#"{"productId":1,"quantity":1}"#, expected: "v1")?.field == "expectedVersion")
        #expect(problem(#"{"productId":1,"quantity":1}"#) == nil)
        #expect(problem(#"{"productId":1,"quantity":1,"id":1}"#)?.field == "id")
    }

    @Test func httpGeneratesAMissingCommandIdAndRefusesABodyProductId() throws {
        let decoded = try decode(.addToInventory, #"{"quantity":1}"#, transport: .http, path: "12", commandId: nil)
        #expect(decoded.command.productId == 12)
        #expect(performing: { _ = try decode(.addToInventory, #"{"productId":1,"quantity":1}"#, transport: .http, path: "12") },
                throws: { ($0 as? CommandProblem)?.field == "productId" })
    }

    @Test func oversizedBodiesAre413InTheQueueToo() {
        let big = #"{"productId":1,"quantity":1}"# + String(repeating: " ", count: CommandIntake.maxBodyBytes)
        #expect(performing: { _ = try decode(.addToInventory, big) }, throws: { ($0 as? CommandProblem)?.status == 413 })
    }
}
