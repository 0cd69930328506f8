import Domain

extension SheetMusicFilter {
    /// Every field as text in a fixed order, what the list cache is keyed by: absent fields are
    /// empty and present texts are prefixed with "=", and each list is its count then its items,
    /// so no two filters give the same parts (`KVCache.digest` quotes each part). A field added
    /// to the filter must be added here; `KVCacheTests` checks that every field changes the key.
    var cacheKeyParts: [String] {
        [
            instrument?.rawValue ?? "", minDifficultyLevel.map(String.init) ?? "", maxDifficultyLevel.map(String.init) ?? "",
            stylePeriod?.rawValue ?? "", gradeLevel.map { "=" + $0 } ?? "", composer.map { "=" + $0 } ?? "",
            sourceType?.rawValue ?? "", ownerID.map { "=" + $0 } ?? "", String(tags.count),
        ] + tags + [String(searchWords.count)] + searchWords
    }
}
