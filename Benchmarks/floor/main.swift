// The floor of a per-request Swift process (issue 31's reference): a static Swift + Foundation
// program that reads one JSON request on stdin and writes a reply, as `mirubato handle` does
// with no GraphQL, database or keys. `Benchmarks/bench.py` builds it with the same toolchain
// and flags as the release binary and times both cold in the same run.
import Foundation

let input = FileHandle.standardInput.readDataToEndOfFile()
let request = (try? JSONSerialization.jsonObject(with: input)) as? [String: Any]
let reply: [String: Any] = request?["query"] is String
    ? ["data": ["__typename": "Query"]] : ["errors": [["message": "The request has no query."]]]
FileHandle.standardOutput.write((try? JSONSerialization.data(withJSONObject: reply)) ?? Data())
