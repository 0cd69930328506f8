// The floor of CGI (issue 31's CGI reference): the floor program (Benchmarks/floor/) as a CGI
// script behind fcgiwrap: reads the JSON request on stdin and writes a reply with its CGI
// header, no GraphQL, database or keys. Arguments (`seed`, `migrate`, which the benchmark's set-up
// runs on the binary it serves) do nothing.
import Foundation

if CommandLine.arguments.count > 1 { exit(0) }
let input = FileHandle.standardInput.readDataToEndOfFile()
let request = (try? JSONSerialization.jsonObject(with: input)) as? [String: Any]
let reply: [String: Any] = request?["query"] is String
    ? ["data": ["__typename": "Query"]] : ["errors": [["message": "The request has no query."]]]
FileHandle.standardOutput.write(Data("Status: 200 OK\r\nContent-Type: application/json\r\n\r\n".utf8))
FileHandle.standardOutput.write((try? JSONSerialization.data(withJSONObject: reply)) ?? Data())
