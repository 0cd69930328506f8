import Foundation
import PackagePlugin

/// Embeds text files (migrations, the SDL, the catalogue, the benchmark operations) into a target as Swift string literals,
/// so the shipped binary needs no resource bundle and reads nothing from disk at start-up, each with its SHA-256, so
/// that checking the applied migrations at start-up hashes nothing.
@main
struct EmbedFiles: BuildToolPlugin {
    /// Folders, relative to the package root, whose files each target embeds. A file of a
    /// subfolder is named with it (`postgres/0001_schema.sql`).
    private static let folders: [String: [String]] = [
        "Storage": ["Migrations", "Migrations/postgres"],
        "Services": ["Sources/Services/Catalogue"],
        "Schema": ["Sources/Schema"],
        "Handler": ["Benchmarks/Operations"],
    ]
    private static let extensions: Set<String> = ["sql", "json", "graphql"]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let folders = Self.folders[target.name], let root = folders.first else { return [] }
        let rootURL = context.package.directoryURL.appending(path: root)
        let inputs = try folders.flatMap { folder in
            try FileManager.default
                .contentsOfDirectory(at: context.package.directoryURL.appending(path: folder), includingPropertiesForKeys: nil)
                .filter { Self.extensions.contains($0.pathExtension) }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFiles.swift")
        // One raw multi-line literal per file; `##"""` keeps backslashes and quotes verbatim.
        let script = ###"""
            out="$1"; root="$2"; shift 2
            {
              echo '/// Files embedded at build time by the EmbedFiles plugin, sorted by name.'
              echo 'enum EmbeddedFiles {'
              echo '    /// Each embedded file name with the SHA-256 (hex) of its text and its UTF-8 text'
              echo '    /// (without its final newline).'
              echo '    static let all: [(name: String, sha256: String, text: String)] = ['
              for f in "$@"; do
                # The hash of the text the literal holds: the file without its final newline.
                if [ -n "$(tail -c 1 "$f")" ]; then hash=$(sha256sum < "$f"); else hash=$(head -c -1 "$f" | sha256sum); fi
                printf '        ("%s", "%s", ##"""\n' "${f#"$root"/}" "${hash%% *}"
                cat "$f"
                [ -n "$(tail -c 1 "$f")" ] && echo
                echo '"""##),'
              done
              echo '    ]'
              echo '}'
            } > "$out"
            """###
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) file(s) into \(target.name)",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", script, "embed", output.path, rootURL.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
