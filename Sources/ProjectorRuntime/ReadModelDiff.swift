/// Compares expected read-model keys with the keys found in the read store.
enum ReadModelDiff {
    static func differences(expected: [String: ReadModelValue], actual: [String: ReadModelValue]) -> [ReadModelDifference] {
        var result: [ReadModelDifference] = []
        for key in Set(expected.keys).union(actual.keys).sorted() {
            switch (expected[key], actual[key]) {
            case (let want?, let have?):
                result += compare(key: key, want, have)
            case (let want?, nil):
                result.append(ReadModelDifference(key: key, expected: want.description, actual: nil))
            case (nil, let have?):
                result.append(ReadModelDifference(key: key, expected: nil, actual: have.description))
            case (nil, nil):
                break
            }
        }
        return result
    }

    private static func compare(key: String, _ want: ReadModelValue, _ have: ReadModelValue) -> [ReadModelDifference] {
        switch (want, have) {
        case (.string(let a), .string(let b)):
            return a == b ? [] : [ReadModelDifference(key: key, expected: a, actual: b)]
        case (.hash(let a), .hash(let b)):
            return fields(key: key, a, b) { $0 }
        case (.sortedSet(let a), .sortedSet(let b)):
            return fields(key: key, a, b) { "score \($0)" }
        case (.set(let a), .set(let b)):
            return a.symmetricDifference(b).sorted().map {
                ReadModelDifference(key: key, field: $0, expected: a.contains($0) ? "member" : nil, actual: b.contains($0) ? "member" : nil)
            }
        default:
            return [ReadModelDifference(key: key, expected: want.typeName, actual: have.typeName)]
        }
    }

    private static func fields<V: Equatable>(key: String, _ a: [String: V], _ b: [String: V], show: (V) -> String) -> [ReadModelDifference] {
        Set(a.keys).union(b.keys).sorted().compactMap { field in
            a[field] == b[field] ? nil : ReadModelDifference(key: key, field: field, expected: a[field].map(show), actual: b[field].map(show))
        }
    }
}
