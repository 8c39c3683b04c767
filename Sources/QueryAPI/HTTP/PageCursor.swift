import Foundation

/// The opaque `cursor` of a list route: base64url (no padding) of the position after
/// the last item of the previous page, as the read model's query functions take it.
enum PageCursor {
    static func encode(_ position: String) -> String {
        Data(position.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The position in `cursor`; 400 when it is not one this API made.
    static func decode(_ cursor: String) throws(QueryProblem) -> String {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard !cursor.isEmpty, cursor.count <= 2048, let data = Data(base64Encoded: base64),
              let position = String(data: data, encoding: .utf8)
        else {
            throw .badRequest("cursor is not a cursor of this API; pass nextCursor back unchanged", field: "cursor")
        }
        return position
    }

    /// The start-after member of a by-name cursor, checked against the folded prefix:
    /// `<folded name>\0<id>`.
    static func nameMember(_ cursor: String, foldedPrefix: String) throws(QueryProblem) -> String {
        let member = try decode(cursor)
        let parts = member.split(separator: "\0", omittingEmptySubsequences: false)
        guard parts.count == 2, let id = Int64(parts[1]), id >= 1, member.utf8.starts(with: foldedPrefix.utf8)
        else {
            throw .badRequest("cursor does not belong to this name; pass nextCursor back with the same name", field: "cursor")
        }
        return member
    }

    /// The start-after id of an out-of-stock cursor.
    static func productId(_ cursor: String) throws(QueryProblem) -> Int64 {
        guard let id = Int64(try decode(cursor)), id >= 1 else {
            throw .badRequest("cursor is not a cursor of this API; pass nextCursor back unchanged", field: "cursor")
        }
        return id
    }
}
