/// "Did you mean …?" for validation messages, as graphql-js words and ranks it: the names within
/// an edit distance of about half the longer name, closest first, at most five.
enum Suggestions {
    /// The names of `options` close enough to `input`, closest first, then in code-unit order.
    static func list(for input: String, among options: [String]) -> [String] {
        let inputThreshold = input.utf8.count / 2
        var distances: [String: Int] = [:]
        for option in options where distances[option] == nil {
            let distance = lexicalDistance(Array(input.utf16), Array(option.utf16))
            if distance <= max(inputThreshold, option.utf8.count / 2, 1) { distances[option] = distance }
        }
        return distances.keys.sorted { distances[$0]! != distances[$1]! ? distances[$0]! < distances[$1]! : $0.utf16.lexicographicallyPrecedes($1.utf16) }
    }

    /// The sentence to append to a message; empty without suggestions.
    static func didYouMean(_ suggestions: [String], lead: String? = nil) -> String {
        guard !suggestions.isEmpty else { return "" }
        let quoted = suggestions.prefix(5).map { "\"\($0)\"" }
        let list = switch quoted.count {
        case 1: quoted[0]
        case 2: quoted.joined(separator: " or ")
        default: quoted.dropLast().joined(separator: ", ") + ", or " + quoted.last!
        }
        return " Did you mean " + (lead.map { $0 + " " } ?? "") + list + "?"
    }

    /// Edits (insertions, deletions, substitutions and swaps of neighbours) from one name to the other.
    static func lexicalDistance(_ a: [UInt16], _ b: [UInt16]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var rows = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { rows[i][0] = i }
        for j in 0...b.count { rows[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + cost)
                }
            }
        }
        return rows[a.count][b.count]
    }
}
