import EventSourcing
import Foundation
import Testing

@Suite("UUID from UTF-8 bytes")
struct UUIDParsingTests {
    @Test func agreesWithFoundationOnRandomIdsInBothCases() {
        for _ in 0..<1000 {
            let id = UUID()
            #expect(UUID(utf8: Array(id.uuidString.utf8)) == id)
            #expect(UUID(utf8: Array(id.uuidString.lowercased().utf8)) == id)
        }
    }

    @Test(arguments: [
        "", "7d444840-9dc0-11d1-b245-5ffdce74fad", "7d444840-9dc0-11d1-b245-5ffdce74fad22",
        "7d444840x9dc0-11d1-b245-5ffdce74fad2", "7d444840-9dc0-11d1-b245_5ffdce74fad2",
        "7g444840-9dc0-11d1-b245-5ffdce74fad2", "7d4448409-dc0-11d1-b245-5ffdce74fad2", "{d444840-9dc0-11d1-b245-5ffdce74fad2",
    ])
    func refusesWhatFoundationRefuses(_ text: String) {
        #expect(UUID(uuidString: text) == nil)
        #expect(UUID(utf8: Array(text.utf8)) == nil)
    }
}
