// swift-tools-version:6.1
import PackageDescription

/// Mirubato: a GraphQL practice-tracking API served per request over stdin or FastCGI.
/// SQLite, libcrypto and libfcgi are linked from their static archives (the modulemaps name
/// `:libsqlite3.a`, `:libcrypto.a`, `:libfcgi.a`): a process that answers one request would
/// otherwise look up about 5,900 of their symbols at every start (libcrypto alone ~0.8 ms).
/// Their symbols stay out of the executable's dynamic table, so the libcrypto that libpq brings
/// when PostgreSQL is used keeps its own and never binds to this copy.
let staticArchives: [LinkerSetting] = [.unsafeFlags(["-Xlinker", "--exclude-libs=libcrypto.a:libsqlite3.a:libfcgi.a"])]

/// The programs export no symbols of their own. Swift's static-stdlib link passes
/// `-export-dynamic`, which put all 10,600 public symbols of our modules in the dynamic table;
/// nothing looks them up, but the runtime's `dladdr` at start walks that table (0.4 M
/// instructions in every per-request process) and the loader maps it.
let executableLinking: [LinkerSetting] = staticArchives + [.unsafeFlags(["-Xlinker", "--no-export-dynamic"])]

let package = Package(
    name: "mirubato",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "mirubato", targets: ["Handler"]),
        .executable(name: "mirubato-ws", targets: ["WebSocketListener"]),
    ],
    dependencies: [
        .package(url: "https://github.com/GraphQLSwift/GraphQL", exact: "4.3.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CFastCGI", path: "Sources/CFastCGI", providers: [.apt(["libfcgi-dev"])]),
        // libpq and hiredis are opened at their first use (CLazyLibrary), not linked: a process
        // on SQLite alone never loads them, nor the twenty libraries libpq brings.
        .target(name: "CLazyLibrary"),
        .target(name: "CPostgres", dependencies: ["CLazyLibrary"]),
        // libcrypto's AES-GCM, opened at first use too: SHA-256 and HMAC come from the static
        // archive (CCrypto), but EVP's provider machinery would be most of libcrypto.
        .target(name: "CCipher", dependencies: ["CLazyLibrary"]),
        .target(name: "CHiredis", dependencies: ["CLazyLibrary"]),
        .plugin(name: "EmbedFiles", capability: .buildTool()),
        // Parses the SDL at build time into `SchemaTable.generated`, so a process never parses it.
        .executableTarget(name: "SchemaCodegen", dependencies: [.product(name: "GraphQL", package: "GraphQL")]),
        .plugin(name: "SchemaTable", capability: .buildTool(), dependencies: ["SchemaCodegen"]),
        .target(name: "Domain", dependencies: ["CCrypto", "CCipher"]),
        .target(
            name: "Storage",
            dependencies: ["Domain", "CSQLite", "CPostgres", "CHiredis"],
            plugins: ["EmbedFiles"]
        ),
        .target(
            name: "Services",
            dependencies: ["Domain", "Storage"],
            exclude: ["Catalogue/catalogue.json"],
            plugins: ["EmbedFiles"]
        ),
        .target(
            name: "Schema",
            dependencies: [
                "Domain", "Services", .product(name: "GraphQL", package: "GraphQL"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            exclude: ["schema.graphql", "introspection.graphql"],
            plugins: ["EmbedFiles", "SchemaTable"]
        ),
        // Only Schema imports GraphQL: Endpoint and Handler reach it through `GraphQLEngine`.
        .target(name: "Endpoint", dependencies: ["Schema", "Services", "Storage", "Domain"]),
        .executableTarget(
            name: "Handler",
            dependencies: [
                "Endpoint", "Schema", "Services", "Storage", "Domain", "CFastCGI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: executableLinking,
            plugins: ["EmbedFiles"]
        ),
        // GraphQL over WebSocket beside FastCGI: SwiftNIO's upgrade and framing, in a program of
        // its own so the one every per-request process maps does not carry it.
        .executableTarget(
            name: "WebSocketListener",
            dependencies: [
                "Endpoint",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            linkerSettings: executableLinking
        ),
        .testTarget(
            name: "MirubatoTests",
            // GraphQLSwift directly: the schema tests print and walk it, the differential test runs its executor.
            dependencies: ["Endpoint", "Schema", "Services", "Storage", "Domain", "Handler", .product(name: "GraphQL", package: "GraphQL")],
            exclude: ["Golden", "Fixtures"],
            linkerSettings: staticArchives
        ),
    ]
)
