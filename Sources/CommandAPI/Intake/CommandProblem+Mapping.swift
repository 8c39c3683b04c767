import EventSourcing
import Foundation
import ProductCatalog

extension CommandProblem {
    /// A rejection by the domain: 404 unknown product, 409 already exists, 422 a
    /// broken rule (with the field; `quantity` for insufficient stock).
    public init(_ error: ProductCatalogError) {
        switch error.kind {
        case .notFound:
            self.init(status: 404, message: "\(error.description); create it first (AddNewProduct, POST /products)")
        case .alreadyExists:
            self.init(status: 409, message: "\(error.description); choose another id, or send commands to the existing product")
        case .invalidField:
            self.init(status: 422, message: error.description, field: error.field)
        case .insufficientStock:
            self.init(status: 422, message: error.description, field: "quantity")
        }
    }

    /// Any error of a handled command, mapped to what the client should know.
    ///
    /// - `expectedVersionGiven`: whether the client sent an expected version; a
    ///   conflict is then 412, otherwise it survived every retry of the handler (503).
    /// - `commandId`: quoted in 503 messages, so that a client which did not send
    ///   one can still retry safely.
    static func handling(_ error: any Error, commandId: UUID, expectedVersionGiven: Bool, transport: CommandTransport) -> Self {
        let key = "\(transport.commandIdName) \(commandId.lowercasedString)"
        switch error {
        case let error as CommandProblem:
            return error
        case let error as ProductCatalogError:
            return Self(error)
        case let error as EventStoreError:
            switch error.kind {
            case .conflict where expectedVersionGiven:
                let current = error.currentVersion.map { "; the current version is \($0)" } ?? ""
                return Self(
                    status: 412,
                    message: "the product changed since the version in \(transport.expectedVersionName)\(current); nothing was written. Reload the product and decide again",
                    field: transport.expectedVersionName, currentVersion: error.currentVersion)
            case .conflict:
                return Self(
                    status: 503,
                    message: "too many concurrent changes to this product; the command was not applied. Retry with the same \(key)",
                    retryAfterSeconds: 1)
            case .idempotencyKeyReused:
                return Self(
                    status: 422,
                    message: "\(key) was already used for a command on another product; nothing was written. Use a new \(transport.commandIdName) for a new command",
                    field: transport.commandIdName)
            case .unavailable where error.outcomeUnknown:
                return Self(
                    status: 503,
                    message: "the write store did not confirm the command (\(error.message)); it may or may not have been applied. Retry with the same \(key): a retry returns the first outcome and never applies the command twice",
                    retryAfterSeconds: 1)
            case .unavailable:
                return Self(
                    status: 503,
                    message: "the write store is unavailable (\(error.message)); the command was not applied. Retry later with the same \(key)",
                    retryAfterSeconds: 1)
            case .corrupt, .misconfigured, .invalidRequest:
                return internalError("the write store failed: \(error.message)", commandId: commandId)
            }
        case is EventSourcingError:
            return internalError("stored events of this product cannot be read: \(error)", commandId: commandId)
        case is CancellationError:
            return Self(
                status: 503,
                message: "the server is shutting down; the command may or may not have been applied. Retry with the same \(key)",
                retryAfterSeconds: 1)
        default:
            return internalError("unexpected error: \(error)", commandId: commandId)
        }
    }

    private static func internalError(_ detail: String, commandId: UUID) -> Self {
        Self(status: 500, message: "\(detail). This needs an operator: the server log has command \(commandId.lowercasedString)")
    }
}
