import Foundation
import PackagePlugin

/// Writes the schema as static data (`SchemaTable.generated`) from the target's `schema.graphql`
/// and `introspection.graphql` at build time, with the `SchemaCodegen` tool.
@main
struct SchemaTable: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let sdl = target.directoryURL.appending(path: "schema.graphql")
        let builtins = target.directoryURL.appending(path: "introspection.graphql")
        let output = context.pluginWorkDirectoryURL.appending(path: "SchemaTable+Generated.swift")
        return [
            .buildCommand(
                displayName: "Writing the schema table of \(target.name)",
                executable: try context.tool(named: "SchemaCodegen").url,
                arguments: [sdl.path, builtins.path, output.path],
                inputFiles: [sdl, builtins],
                outputFiles: [output]
            )
        ]
    }
}
