import ArgumentParser
import Domain

/// One operation of the benchmarks, from `Benchmarks/Operations/operations.json`: the file the
/// HTTP benchmark (`Benchmarks/http_wrk.py`) reads too, embedded here at build time, so the
/// in-process and HTTP figures are of the same operations under the same names.
struct BenchmarkOperation {
    /// The name both benchmarks print.
    let name: String
    /// The GraphQL document.
    let query: String
    /// Whether it is sent with the benchmark user's access token.
    let signedIn: Bool
    /// The variables sent with it, when it declares some.
    let variables: JSONValue?

    /// Every operation, in the file's order.
    static func all() throws -> [BenchmarkOperation] {
        guard let text = EmbeddedFiles.all.first(where: { $0.name == "operations.json" })?.text,
              case .array(let items)? = try? JSONParser.parse(Array(text.utf8), maxDepth: 4)
        else { throw ValidationError("the embedded operations.json is missing or not a JSON array") }
        return try items.map { item in
            guard case .object(let fields) = item, let name = fields["name"]?.stringValue, let query = fields["query"]?.stringValue,
                  case .bool(let signedIn)? = fields["signedIn"]
            else { throw ValidationError("an operation in operations.json lacks name, query or signedIn") }
            return BenchmarkOperation(name: name, query: query, signedIn: signedIn, variables: fields["variables"])
        }
    }
}
