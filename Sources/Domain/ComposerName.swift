import Foundation

/// The rules that give each composer one stored spelling. A name is tidied (spaces collapsed,
/// `Bach, J.S.` turned into `J. S. Bach`, an all-lower or all-upper name capitalised), and two
/// names are one composer when their keys are equal: the surname (the last word, accents and
/// case folded) and the initials of the given names (`Johann Sebastian Bach`, `J.S. Bach` and
/// `bach, j. s.` are all `bach` + `j s`). Particles (`van`, `de`, …) are not part of the key.
public struct ComposerName: Sendable, Equatable {
    /// The name as it should be stored when no known composer matches it.
    public let tidied: String
    /// What identifies the composer whatever the spelling.
    public let key: Key

    /// A composer's identity: folded surname and given-name initials.
    public struct Key: Sendable, Hashable {
        /// The last word of the name, folded, without punctuation around it.
        public let surname: String
        /// First letters of the given names, folded, in order (`j s` for Johann Sebastian).
        public let initials: [String]
    }

    /// Every word of the name but the first, folded: what a one-word name is matched on.
    public let laterWords: [String]

    /// Words that join a given name to a surname and stay lower-case inside a name.
    static let particles: Set<String> = ["van", "von", "de", "der", "den", "du", "da", "di", "la", "le", "del", "della", "y"]

    /// Parses a name; nil when it has no letters.
    public init?(_ raw: String) {
        var text = raw.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        // "Surname, Given names" (one comma, text on both sides) is the index form of a name.
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty { text = parts[1] + " " + parts[0] }
        var words = Self.words(of: text)
        guard words.contains(where: { $0.contains(where: \.isLetter) }) else { return nil }
        let hasLower = text.contains(where: \.isLowercase)
        let hasUpper = text.contains(where: \.isUppercase)
        if !(hasLower && hasUpper) {
            words = words.enumerated().map { index, word in
                index > 0 && Self.particles.contains(word.lowercased()) ? word.lowercased() : Self.capitalised(word)
            }
        }
        tidied = words.joined(separator: " ")
        let folded = words.map(TextFolding.fold)
        let surname = folded.last ?? ""
        let given = folded.dropLast().filter { !Self.particles.contains($0) }
        let initials = given.flatMap { word in
            word.split(whereSeparator: { $0 == "-" || $0 == "." }).compactMap { $0.first.map(String.init) }
        }
        // In the form autocomplete stores a composer's words in, so a surname is looked up as is.
        func term(_ word: String) -> String { TextFolding.terms(word).first ?? "" }
        key = Key(surname: term(surname), initials: initials)
        laterWords = folded.dropFirst().map(term)
    }

    /// Whether this name is a single word (`Chopin`), which matches the one known composer with
    /// that word in their name after the first.
    public var isSingleWord: Bool { laterWords.isEmpty }

    /// The stored spelling for this name among `known` spellings (the catalogue's first, then the
    /// user's own): the first with an equal key; for a single word, the only known composer with
    /// that word among their later words; else the tidied name.
    public func canonical(among known: [String]) -> String {
        let parsed = known.compactMap { spelling in ComposerName(spelling).map { (spelling, $0) } }
        if let same = parsed.first(where: { $0.1.key == key }) { return same.0 }
        if isSingleWord {
            let matching = parsed.filter { $0.1.laterWords.contains(key.surname) }
            if Set(matching.map(\.1.key)).count == 1, let only = matching.first { return only.0 }
        }
        return tidied
    }

    /// Splits a name into words; a run of initials written together (`J.S.`) becomes one word
    /// per initial (`J.` `S.`), and a lone initial gets its full stop.
    private static func words(of text: String) -> [String] {
        text.split(separator: " ").flatMap { word -> [String] in
            let pieces = word.split(separator: ".", omittingEmptySubsequences: true)
            if word.contains("."), !word.contains("-"), pieces.allSatisfy({ $0.count == 1 && $0.first!.isLetter }) {
                return pieces.map { $0 + "." }
            }
            if word.count == 1, word.first!.isLetter { return [word + "."] }
            return [String(word)]
        }
    }

    /// The word with its first letter (and each letter after a hyphen) upper-cased.
    private static func capitalised(_ word: String) -> String {
        var result = ""
        var upperNext = true
        for character in word.lowercased() {
            result.append(upperNext ? Character(character.uppercased()) : character)
            upperNext = character == "-"
        }
        return result
    }
}
