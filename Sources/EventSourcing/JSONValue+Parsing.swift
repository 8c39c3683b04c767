extension JSONValue {
    /// Parses UTF-8 JSON text strictly (RFC 8259), keeping numbers as exact text.
    ///
    /// - Throws: ``EventSourcingError`` of kind `.malformedJSON`, naming the byte
    ///   offset and the problem. Duplicate object keys are rejected.
    public init(parsing bytes: [UInt8]) throws(EventSourcingError) {
        var parser = JSONParser(bytes: bytes)
        self = try parser.parseDocument()
    }

    /// Parses JSON text strictly; see ``init(parsing:)-([UInt8])``.
    public init(parsing text: String) throws(EventSourcingError) {
        try self.init(parsing: Array(text.utf8))
    }
}
