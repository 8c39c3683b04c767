import EventSourcing

extension ProductState: Codable {
    private enum CodingKeys: String, CodingKey {
        case exists, id, name, description, unitPrice, stock, ratings
    }

    /// Decodes a snapshot; `ratings` is an object keyed by decimal user id.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let ratingsByText = try container.decode([String: Int].self, forKey: .ratings)
        var ratings: [Int64: Int] = [:]
        for (key, rating) in ratingsByText {
            guard let userId = Int64(key) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .ratings, in: container, debugDescription: "rating key \"\(key)\" is not a user id")
            }
            ratings[userId] = rating
        }
        self.init(
            exists: try container.decode(Bool.self, forKey: .exists),
            id: try container.decode(Int64.self, forKey: .id),
            name: try container.decode(String.self, forKey: .name),
            description: try container.decode(String.self, forKey: .description),
            unitPrice: try container.decode(Price.self, forKey: .unitPrice),
            stock: try container.decode(Int64.self, forKey: .stock),
            ratings: ratings)
    }

    /// Encodes a snapshot; `ratings` becomes an object keyed by decimal user id.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(exists, forKey: .exists)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(description, forKey: .description)
        try container.encode(unitPrice, forKey: .unitPrice)
        try container.encode(stock, forKey: .stock)
        let ratingsByText = Dictionary(uniqueKeysWithValues: ratings.map { (String($0.key), $0.value) })
        try container.encode(ratingsByText, forKey: .ratings)
    }
}

extension ProductState {
    /// The snapshot JSON, what `JSONEncoder` writes with ``encode(to:)`` and
    /// `.withoutEscapingSlashes` (`JSONDecoder` reads it back), made without it: a
    /// product's ratings grow with its raters, and `JSONEncoder` took about 7% of a
    /// command's CPU on average writing them every 100th command. Keys are sorted except
    /// the user ids in `ratings`, which follow the dictionary.
    public var snapshotJSON: [UInt8] {
        var json = JSONObjectWriter(capacity: 128 + name.utf8.count + description.utf8.count + ratings.count * 20)
        json.string("description", description)
        json.bool("exists", exists)
        json.integer("id", id)
        json.string("name", name)
        json.value("ratings") { bytes in
            bytes.append(UInt8(ascii: "{"))
            var first = true
            for (userId, rating) in ratings {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                bytes.append(UInt8(ascii: "\""))
                bytes.append(contentsOf: String(userId).utf8)
                bytes.append(contentsOf: "\":".utf8)
                bytes.append(contentsOf: String(rating).utf8)
            }
            bytes.append(UInt8(ascii: "}"))
        }
        json.integer("stock", stock)
        json.string("unitPrice", unitPrice.description)
        return json.finish()
    }
}
