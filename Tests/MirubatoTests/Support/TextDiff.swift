/// A line diff for golden mismatches: the differing region with a little context.
enum TextDiff {
    static func describe(expected: String, actual: String, context: Int = 3) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix,
              old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        var lines = ["@@ line \(prefix + 1) @@"]
        for line in old[max(0, prefix - context)..<prefix] { lines.append("  \(line)") }
        for line in old[prefix..<(old.count - suffix)] { lines.append("- \(line)") }
        for line in new[prefix..<(new.count - suffix)] { lines.append("+ \(line)") }
        for line in old[(old.count - suffix)..<min(old.count, old.count - suffix + context)] { lines.append("  \(line)") }
        return lines.joined(separator: "\n")
    }
}
