/// A file sent with a GraphQL multipart request (the part an `Upload` variable points at).
public struct UploadedFile: Sendable {
    /// The file name the client gave, if any (never used to decide what the file is).
    public var filename: String?
    /// The `Content-Type` the client gave (likewise only informative).
    public var contentType: String?
    public var bytes: [UInt8]

    public init(filename: String?, contentType: String?, bytes: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.bytes = bytes
    }
}
