import ArgumentParser
import Endpoint
import Foundation
import Services

/// `mirubato recordings sweep` (every minute, beside `remind`: scripts/serve runs it) and
/// `mirubato recordings repair` (an operator's check of every recording's audio).
struct Recordings: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sweep the playback cache; check recordings.",
        subcommands: [Sweep.self, Repair.self])

    struct Sweep: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove cached copies of deleted recordings and half-written copies (run every minute).",
            discussion: """
                nginx sends recordings from copies in MIRUBATO_RECORDING_CACHE. A deleted recording is refused at once                 (its link finds no row), and its copy goes at the next sweep.
                """)

        @OptionGroup var store: StoreOptions

        func run() throws {
            let configuration = try store.configuration()
            guard let folder = configuration.recordingCache else { return print("no recording cache (MIRUBATO_RECORDING_CACHE) to sweep") }
            let removed = try RecordingCache(folder: folder).sweep(keeping: Runtime(configuration: configuration).services.recordings.cachedNames())
            print("\(removed) cached cop\(removed == 1 ? "y" : "ies") removed")
        }
    }

    struct Repair: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every recording's audio against its size and digest, and sweep the playback cache.",
            discussion: """
                The audio is stored with its row in one transaction, so a crash leaves neither or both; what can go \
                wrong is the copy nginx sends from the cache folder (MIRUBATO_RECORDING_CACHE): copies of recordings \
                since deleted, and half-written copies a crash left, are removed here. A recording whose stored audio \
                does not match its size and SHA-256 is listed (exit status 1), and deleted with --delete-damaged.
                """)

        @OptionGroup var store: StoreOptions

        @Flag(help: "Delete recordings whose stored audio does not match (their logs are marked changed).")
        var deleteDamaged = false

        func run() throws {
            let configuration = try store.configuration()
            let services = try Runtime(configuration: configuration).services
            let damaged = try services.recordings.damaged()
            for recording in damaged {
                print("damaged: recording \(recording.id) of user \(recording.userID) on log \(recording.logID)")
                if deleteDamaged { try services.recordings.remove(damaged: recording) }
            }
            var removed = 0
            if let folder = configuration.recordingCache {
                removed = try RecordingCache(folder: folder).sweep(keeping: services.recordings.cachedNames())
            }
            print("\(damaged.count) damaged recording\(damaged.count == 1 ? "" : "s")\(deleteDamaged && !damaged.isEmpty ? " deleted" : ""), "
                  + "\(removed) cached cop\(removed == 1 ? "y" : "ies") removed")
            if !damaged.isEmpty, !deleteDamaged { throw ExitCode(1) }
        }
    }
}
