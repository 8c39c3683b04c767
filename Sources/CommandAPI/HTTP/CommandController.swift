import HTTPTypes
import Hummingbird

/// The command routes. Each reads the raw parts of the request (path id, headers,
/// body up to 64 KiB) into a ``CommandSubmission`` and lets the ``CommandService``
/// decode and run it, so HTTP and the command queue share every rule.
///
/// | route | command |
/// |---|---|
/// | `POST /products` | AddNewProduct (201, `Location`) |
/// | `POST /products/{id}/ratings` | RateProduct |
/// | `POST /products/{id}/inventory` | AddToInventory |
/// | `POST /products/{id}/shipments` | ConfirmItemsShipped |
/// | `PUT /products/{id}/stock` | UpdateStockFromInventoryRecount |
public struct CommandController<Context: RequestContext>: Sendable {
    /// Runs the commands.
    public let service: CommandService

    public init(service: CommandService) {
        self.service = service
    }

    /// Every route with the methods it takes, for the routes and for 405 answers.
    static var routes: [(path: String, method: HTTPRequest.Method, kind: CommandKind)] {
        [
            ("/products", .post, .addNewProduct),
            ("/products/:id/ratings", .post, .rateProduct),
            ("/products/:id/inventory", .post, .addToInventory),
            ("/products/:id/shipments", .post, .confirmItemsShipped),
            ("/products/:id/stock", .put, .updateStockFromInventoryRecount),
        ]
    }

    /// Adds the command routes to `router`.
    public func addRoutes(to router: Router<Context>) {
        for route in Self.routes {
            let kind = route.kind
            router.on(RouterPath(route.path), method: route.method) { request, context in
                await self.handle(kind, request: request, context: context)
            }
        }
    }

    private func handle(_ kind: CommandKind, request: Request, context: Context) async -> Response {
        let startedAt = ContinuousClock.now
        let submission: CommandSubmission
        do {
            submission = CommandSubmission(
                kind: kind, transport: .http,
                pathProductId: kind.createsProduct ? nil : context.parameters.get("id") ?? "",
                body: try await Self.body(of: request),
                commandId: try Self.singleHeader(.idempotencyKey, of: request),
                expectedVersion: try Self.singleHeader(.ifMatch, of: request))
        } catch {
            return service.refuse(error, kind: kind, transport: .http, commandId: nil, since: startedAt).response
        }
        return await service.submit(submission).response
    }

    /// The body, refused with 413 beyond ``CommandIntake/maxBodyBytes`` (by its
    /// `Content-Length` before reading, or while reading a chunked one).
    static func body(of request: Request) async throws(CommandProblem) -> [UInt8] {
        let limit = CommandIntake.maxBodyBytes
        let tooLarge = CommandProblem(status: 413, message: "the request body is larger than \(limit) bytes (64 KiB); send a smaller command")
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw tooLarge
        }
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw tooLarge
        } catch {
            throw .badRequest("the request body could not be read: \(error)")
        }
    }

    /// A header that may appear at most once.
    static func singleHeader(_ name: HTTPField.Name, of request: Request) throws(CommandProblem) -> String? {
        let values = request.headers[values: name]
        guard values.count <= 1 else {
            throw .badRequest("send the \(name.rawName) header at most once, got \(values.count)", field: name.rawName)
        }
        return values.first
    }
}

extension HTTPField.Name {
    /// `Idempotency-Key`: the command id, a UUID.
    static var idempotencyKey: Self { Self("Idempotency-Key")! }
}
