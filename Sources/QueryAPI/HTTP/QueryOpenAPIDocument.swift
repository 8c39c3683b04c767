import Foundation

/// The query API's OpenAPI 3 document, `Resources/openapi.yaml`, served at `/openapi.yaml`.
public enum QueryOpenAPIDocument {
    /// The document's text.
    public static let yaml: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            fatalError("QueryAPI's resource openapi.yaml is missing: ship the resource bundle next to the binary")
        }
        return text
    }()
}
