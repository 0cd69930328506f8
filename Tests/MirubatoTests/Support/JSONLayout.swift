/// Lays JSON text out one value per line with two-space indents, keeping member order, so golden
/// files are readable and a mismatch diffs line by line. It reformats tokens; it does not parse.
enum JSONLayout {
    static func pretty(_ text: String) -> String {
        var output = ""
        var depth = 0
        var inString = false
        var escaped = false
        let characters = Array(text.trimmingCharacters(in: .whitespacesAndNewlines))
        func newline() { output += "\n" + String(repeating: "  ", count: depth) }
        for (index, character) in characters.enumerated() {
            if inString {
                output.append(character)
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
                continue
            }
            switch character {
            case "\"":
                inString = true
                output.append(character)
            case "{", "[":
                output.append(character)
                let next = index + 1 < characters.count ? characters[index + 1] : " "
                if next == "}" || next == "]" { continue }
                depth += 1
                newline()
            case "}", "]":
                let previous = index > 0 ? characters[index - 1] : " "
                if previous != "{" && previous != "[" {
                    depth -= 1
                    newline()
                }
                output.append(character)
            case ",":
                output.append(character)
                newline()
            case ":":
                output += ": "
            case " ", "\n", "\t", "\r":
                continue
            default:
                output.append(character)
            }
        }
        return output + "\n"
    }
}

import Foundation
