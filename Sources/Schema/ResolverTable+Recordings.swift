import Domain

extension ResolverTable {
    /// Recordings: the upload and delete mutations, the storage figures and `Recording`'s fields.
    mutating func registerRecordings() {
        root("Mutation", "uploadRecording") { arguments, context in
            let logID = try arguments.requiredString("logId")
            let part = try arguments.requiredString("file")
            guard let file = context.uploads[part] else {
                throw APIError.invalid("file", "No file came with the request for `file`: send it as a GraphQL multipart request.")
            }
            return try context.services.recordings.attach(viewer: context.viewer, logID: logID, bytes: file.bytes)
        }
        root("Mutation", "deleteRecording") { arguments, context in
            let id = try arguments.requiredString("id")
            try context.services.recordings.delete(viewer: context.viewer, id: id)
            return Deletion(id: id)
        }
        root("Query", "myRecordingStorage") { _, context in
            let usage = try context.services.recordings.usage(viewer: context.viewer)
            return RecordingStorage(used: usage.used, quota: usage.quota, maxFile: context.services.recordings.maxBytes)
        }
        field("PracticeLog", "recordings", of: PracticeLog.self) { log, _, context in
            try context.loaders.logRecordings.value(for: log.id) ?? []
        }
        typealias R = Recording
        field("Recording", "id", of: R.self) { $0.id }
        field("Recording", "logId", of: R.self) { $0.logID }
        field("Recording", "format", of: R.self) { $0.format.rawValue.uppercased() }
        field("Recording", "mediaType", of: R.self) { $0.format.mediaType }
        field("Recording", "byteSize", of: R.self) { $0.byteSize }
        field("Recording", "durationSeconds", of: R.self) { Double($0.durationMilliseconds) / 1000 }
        field("Recording", "url", of: R.self) { recording, _, context in context.services.recordings.playbackURL(for: recording) }
        field("Recording", "createdAt", of: R.self) { $0.createdAt }
        typealias S = RecordingStorage
        field("RecordingStorage", "usedBytes", of: S.self) { Double($0.used) }
        field("RecordingStorage", "quotaBytes", of: S.self) { Double($0.quota) }
        field("RecordingStorage", "maxFileBytes", of: S.self) { $0.maxFile }
    }
}

/// What `myRecordingStorage` answers.
struct RecordingStorage: Sendable {
    let used: Int
    let quota: Int
    let maxFile: Int
}
