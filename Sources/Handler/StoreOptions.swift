import ArgumentParser
import Domain
import Endpoint
import Foundation

/// The `--db` and `--kv` flags, which override `MIRUBATO_DB` and `MIRUBATO_KV`.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: "SQLite database path (default: $MIRUBATO_DB or ./data/mirubato.db).")
    var databasePath: String?

    @Option(name: .customLong("kv"), help: "KV cache path (default: $MIRUBATO_KV or ./data/kv.db).")
    var kvPath: String?

    /// The environment's configuration with the flags applied.
    func configuration() throws -> Configuration {
        var configuration = try Configuration()
        if let databasePath { configuration.databasePath = databasePath }
        if let kvPath { configuration.kvPath = kvPath }
        return configuration
    }
}

/// Runs a command's work; a failure becomes one line on stderr (`mirubato COMMAND: reason`) and
/// exit status 1, so every maintenance command reports errors the same way.
func reportingFailure(_ command: String, _ work: () throws -> Void) throws {
    do {
        try work()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        let reason = (error as? APIError)?.message ?? "\(error)"
        FileHandle.standardError.write(Data("mirubato \(command): \(reason)\n".utf8))
        throw ExitCode(1)
    }
}
