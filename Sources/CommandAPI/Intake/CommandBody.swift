import EventSourcing
import ProductCatalog

/// A command's JSON body, read strictly: a JSON object with exactly the expected
/// fields, each of the expected JSON type.
///
/// - Malformed JSON, a body that is not an object, an unknown field, a missing field,
///   a value of the wrong JSON type, or an integer field that is not a whole number
///   within 64 bits → 400 (``CommandProblem``), naming the field.
/// - Numbers are kept as their text (``JSONValue``): `unitPrice` is parsed exactly by
///   ``Price/init(parsing:field:)``, never through `Double`.
/// - Range and business rules are not checked here: the domain's `decide` does that (422).
struct CommandBody {
    private let members: [String: JSONValue]

    /// Parses `bytes` and rejects any member not in `allowedFields`.
    init(parsing bytes: [UInt8], allowedFields: [String]) throws(CommandProblem) {
        guard !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else {
            throw .badRequest("the request body is empty; send a JSON object with \(Self.list(allowedFields))")
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw .badRequest("the request body is not valid JSON (\(error.description)); send a JSON object with \(Self.list(allowedFields))")
        }
        guard let members = value.objectValue else {
            throw .badRequest("the request body must be a JSON object with \(Self.list(allowedFields)), got \(Self.typeName(value))")
        }
        if members.keys.contains(where: { !allowedFields.contains($0) }),
           let unknown = members.keys.sorted().first(where: { !allowedFields.contains($0) }) {
            throw .badRequest("unknown field \"\(Self.shown(unknown))\"; this command takes \(Self.list(allowedFields))", field: unknown)
        }
        self.members = members
    }

    /// A required integer field: a JSON number without fraction or exponent that fits in 64 bits.
    func integer(_ field: String) throws(CommandProblem) -> Int64 {
        let value = try required(field)
        guard case .number(let text) = value else {
            throw .badRequest("\(field) must be a JSON integer, got \(Self.typeName(value))", field: field)
        }
        // Bytes, not Characters: grapheme breaking cost more than the rest of the check.
        guard !text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }),
              let integer = Int64(text) else {
            throw .badRequest(
                "\(field) must be a whole number between \(Int64.min) and \(Int64.max) written without '.' or exponent, got \(Self.shown(text))",
                field: field)
        }
        return integer
    }

    /// A required string field.
    func string(_ field: String) throws(CommandProblem) -> String {
        let value = try required(field)
        guard case .string(let text) = value else {
            throw .badRequest("\(field) must be a JSON string, got \(Self.typeName(value))", field: field)
        }
        return text
    }

    /// A required price: a JSON number or a decimal string, parsed exactly from its text.
    /// A number or string that is not a plain amount with at most two decimals is a
    /// rule violation (422), as the domain reports it.
    func price(_ field: String) throws(CommandProblem) -> Price {
        let value = try required(field)
        let text: String
        switch value {
        case .number(let number): text = number
        case .string(let string): text = string
        default:
            throw .badRequest("\(field) must be a JSON number or a decimal string like \"19.99\", got \(Self.typeName(value))", field: field)
        }
        do {
            return try Price(parsing: text, field: field)
        } catch {
            throw CommandProblem(error)
        }
    }

    private func required(_ field: String) throws(CommandProblem) -> JSONValue {
        guard let value = members[field] else {
            throw .badRequest("missing field \"\(field)\"", field: field)
        }
        return value
    }

    /// `"a", "b" and "c"` for messages.
    private static func list(_ fields: [String]) -> String {
        let quoted = fields.map { "\"\($0)\"" }
        guard quoted.count > 1 else { return "the field \(quoted.first ?? "")" }
        return "the fields " + quoted.dropLast().joined(separator: ", ") + " and " + quoted.last!
    }

    /// The JSON type of a value, for messages: "a string", "null", ...
    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number(let text): "the number \(shown(text))"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// Client text cut to a readable length, for messages.
    static func shown(_ text: String) -> String {
        text.count > 40 ? "\(text.prefix(40))… (\(text.count) characters)" : text
    }
}
