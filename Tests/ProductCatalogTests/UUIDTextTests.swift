import EventSourcing
import Foundation
import Testing

@Suite("UUID text and generation")
struct UUIDTextTests {
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

    @Test func lowercasedStringIsFoundationsTextInLowerCase() {
        for _ in 0..<1000 {
            let id = UUID()
            #expect(id.lowercasedString == id.uuidString.lowercased())
        }
        #expect(UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)).lowercasedString == "00000000-0000-0000-0000-000000000000")
    }

    @Test func randomIdsAreVersionFourVariantOneAndDistinct() {
        var seen = Set<UUID>()
        for _ in 0..<10_000 {
            let id = UUID.random()
            let text = id.lowercasedString
            #expect(text[text.index(text.startIndex, offsetBy: 14)] == "4", "version nibble of \(text)")
            #expect("89ab".contains(text[text.index(text.startIndex, offsetBy: 19)]), "variant of \(text)")
            seen.insert(id)
        }
        #expect(seen.count == 10_000)
    }
}
