/// How a command arrived; it only changes the names in error messages.
public enum CommandTransport: String, Sendable, Hashable {
    /// `POST`/`PUT` on the command API: the command id is the `Idempotency-Key`
    /// header, the expected version the `If-Match` header, the product id in the path.
    case http
    /// An entry of the commands stream: fields `commandId` and `expectedVersion`,
    /// the product id as `productId` in the body.
    case queue

    /// The name of the command id for this transport.
    public var commandIdName: String { self == .http ? "Idempotency-Key" : "commandId" }
    /// The name of the expected version for this transport.
    public var expectedVersionName: String { self == .http ? "If-Match" : "expectedVersion" }
    /// The name of the addressed product's id for this transport.
    public var productIdName: String { self == .http ? "id" : "productId" }
}
