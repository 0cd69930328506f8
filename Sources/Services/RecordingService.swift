import Domain
import Storage

/// Recordings attached to practice logs: kept only when the bytes are audio this service plays
/// back, within the file limit and the account's quota.
public struct RecordingService: Sendable {
    private let database: Database
    private let recordings: RecordingStore
    private let logs: LogStore
    private let settings: PracticeSettings
    private let clock: any Clock
    private let random: any RandomSource
    /// Signs playback links: derived from the data key, so a link's signature says nothing else.
    private let linkKey: DerivedKey
    private let publicURL: String

    init(
        database: Database, logs: LogStore, settings: PracticeSettings, auth: AuthSettings, clock: any Clock, random: any RandomSource
    ) {
        self.database = database
        recordings = RecordingStore(database: database)
        self.logs = logs
        self.settings = settings
        self.clock = clock
        self.random = random
        linkKey = DerivedKey(label: "mirubato recording links", secret: auth.dataKey)
        publicURL = auth.publicURL
    }

    /// How long a playback link works at least; links end on the hour, so one asked for twice
    /// within an hour is the same URL and the browser's cached copy serves it.
    public static let linkSeconds: Int64 = 6 * 3600

    /// A playback link for a recording: `/recordings/ID?expires=…&signature=…` on the public URL.
    /// Whoever holds it may fetch the bytes until it expires, as with a signed storage URL;
    /// only the owner and the teachers they share logs with are ever given one.
    public func playbackURL(for recording: Recording) -> String {
        let now = clock.now().milliseconds / 1000
        let expires = (now + Self.linkSeconds + 3599) / 3600 * 3600
        return "\(publicURL)/recordings/\(recording.id)?expires=\(expires)&signature=\(signature(id: recording.id, expires: expires))"
    }

    /// Whether a playback link's expiry and signature are this service's for `id` and still good.
    public func verifyLink(id: String, expires: String?, signature given: String?) -> Bool {
        guard let expires, let seconds = Int64(expires), seconds >= clock.now().milliseconds / 1000, let given,
              let bytes = Base64URL.decode(given)
        else { return false }
        return HMACSHA256.constantTimeEqual(bytes, HMACSHA256.authenticate(Array("\(id) \(seconds)".utf8), key: linkKey.key))
    }

    private func signature(id: String, expires: Int64) -> String {
        Base64URL.encode(HMACSHA256.authenticate(Array("\(id) \(expires)".utf8), key: linkKey.key))
    }

    /// The largest file `attach` takes, so a transport can refuse a larger one before reading it.
    public var maxBytes: Int { settings.recordingMaxBytes }

    /// Attaches `bytes` to the viewer's log `logID`. The size is checked before anything is read,
    /// the format and duration are read from the bytes, and the quota is checked and the bytes
    /// stored in one transaction under the user's lock, so two uploads at once cannot both fit
    /// into the last of it. The log's `updatedAt` moves: it changed, and the change feed says so.
    public func attach(viewer: Viewer, logID: String, bytes: [UInt8]) throws -> Recording {
        let userID = try viewer.userID()
        guard !bytes.isEmpty else { throw APIError.invalid("file", "The file is empty.") }
        let (probe, digest) = try Self.inspect(bytes, limit: settings.recordingMaxBytes, field: "file")
        return try database.transaction(lockingUsers: [userID]) { _ in
            guard let log = try logs.find(id: logID, userID: userID) else {
                throw APIError(.notFound, "There is no practice log with this id.")
            }
            let used = try recordings.bytesUsed(by: userID)
            guard used + bytes.count <= settings.recordingQuotaBytes else {
                throw APIError(
                    .quotaExceeded, "Your recordings would take more than the \(Self.mebibytes(settings.recordingQuotaBytes)) you have; delete some first.",
                    extensions: ["usedBytes": .integer(Int64(used)), "quotaBytes": .integer(Int64(settings.recordingQuotaBytes))])
            }
            let now = clock.now()
            let recording = Recording(
                id: Nanoid.make(using: random), userID: userID, logID: logID, format: probe.format, byteSize: bytes.count,
                durationMilliseconds: probe.durationMilliseconds, sha256: digest, createdAt: now)
            try recordings.insert(recording, bytes: bytes)
            try markChanged(log, now: now)
            return recording
        }
    }

    /// Deletes one of the viewer's recordings and its bytes.
    public func delete(viewer: Viewer, id: String) throws {
        let userID = try viewer.userID()
        try database.transaction(lockingUsers: [userID]) { _ in
            guard let recording = try recordings.find(id: id, ownedBy: userID) else {
                throw APIError(.notFound, "There is no recording with this id.")
            }
            try detach(recording)
        }
    }

    /// The recordings on these logs, oldest first, by log id (the caller has checked who may read them).
    public func recordings(ofLogs logIDs: [String]) throws -> [String: [Recording]] {
        try recordings.recordings(ofLogs: logIDs)
    }

    /// A recording by id, whoever's (for playback, once its link is verified).
    public func recording(id: String) throws -> Recording? {
        try recordings.find(id: id)
    }

    /// A recording's whole file, whoever's (for playback, once its link is verified).
    public func bytes(id: String) throws -> [UInt8]? {
        try recordings.bytes(of: id)
    }

    /// Recordings whose stored audio does not match their size or digest (for `recordings repair`).
    public func damaged() throws -> [Recording] {
        try recordings.everyRecording().filter { recording, stored in
            guard stored == recording.byteSize else { return true }
            return try recordings.bytes(of: recording.id).map { Hex.encode(SHA256.digest($0)) } != recording.sha256
        }.map(\.0)
    }

    /// Deletes a damaged recording and marks its log changed.
    public func remove(damaged recording: Recording) throws {
        try database.transaction(lockingUsers: [recording.userID]) { _ in try detach(recording) }
    }

    /// Deletes a recording and its bytes and marks its log changed (inside the caller's transaction).
    private func detach(_ recording: Recording) throws {
        try recordings.delete(id: recording.id)
        guard let log = try logs.find(id: recording.logID, userID: recording.userID) else { return }
        try markChanged(log, now: clock.now())
    }

    /// Moves a log's `updatedAt` because its recordings changed, so the change feed carries it.
    private func markChanged(_ log: PracticeLog, now: Timestamp) throws {
        try logs.touch(id: log.id, userID: log.userID, updatedAt: Timestamp.stamp(now, after: log.updatedAt))
    }

    /// The names the playback cache may hold: one per recording there is (`RecordingCache`).
    /// Read every minute by the sweep, so it reads ids and digests only, never the audio.
    public func cachedNames() throws -> Set<String> {
        Set(try recordings.idsAndDigests().map { Self.cacheName(id: $0.id, sha256: $0.sha256) })
    }

    /// A recording's name in the playback cache: its id and digest, so a copy is never stale.
    public static func cacheName(of recording: Recording) -> String {
        cacheName(id: recording.id, sha256: recording.sha256)
    }

    private static func cacheName(id: String, sha256: String) -> String {
        "\(id)-\(sha256)"
    }

    /// What a file to be kept as a recording is (its format and length) and its SHA-256, or the
    /// error naming `field`: PAYLOAD_TOO_LARGE over `limit`, BAD_USER_INPUT when it is not audio
    /// this service keeps. An upload and an imported archive's recordings are held to the same.
    static func inspect(_ bytes: [UInt8], limit: Int, field: String) throws -> (AudioProbe, sha256: String) {
        guard bytes.count <= limit else { throw tooLarge(limit) }
        let probe: AudioProbe
        do { probe = try AudioProbing.probe(bytes) } catch { throw APIError.invalid(field, error.message) }
        return (probe, Hex.encode(SHA256.digest(bytes)))
    }

    /// The bytes the viewer's recordings take, and how many they may.
    public func usage(viewer: Viewer) throws -> (used: Int, quota: Int) {
        (try recordings.bytesUsed(by: try viewer.userID()), settings.recordingQuotaBytes)
    }

    static func tooLarge(_ limit: Int) -> APIError {
        APIError(.payloadTooLarge, "A recording may be at most \(mebibytes(limit)).", extensions: ["field": .string("file"), "maxBytes": .integer(Int64(limit))])
    }

    private static func mebibytes(_ bytes: Int) -> String {
        bytes >= 1 << 30 && bytes % (1 << 30) == 0 ? "\(bytes >> 30) GiB" : "\(bytes >> 20) MiB"
    }
}
