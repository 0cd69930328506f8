import Domain
@testable import Endpoint
import Foundation
import Testing

/// What a connection sent, in order: its messages and, last, its close.
private final class RecordingPeer: GraphQLWSPeer, @unchecked Sendable {
    private let lock = NSLock()
    private var sent: [String] = []
    private var closes: [(GraphQLWSCloseCode, String)] = []
    /// Messages sent after the close (the protocol allows none).
    private(set) var sentAfterClose = 0

    func send(_ text: String) async -> Bool {
        lock.withLock {
            if !closes.isEmpty { sentAfterClose += 1 }
            sent.append(text)
        }
        return true
    }

    func close(code: GraphQLWSCloseCode, reason: String) async {
        lock.withLock { closes.append((code, reason)) }
    }

    /// The messages so far, parsed.
    var messages: [[String: JSONValue]] {
        lock.withLock { sent }.map { (try? JSONParser.parse($0))?.objectValue ?? [:] }
    }

    /// The message types so far.
    var types: [String] { messages.map { $0["type"]?.stringValue ?? "?" } }

    /// The close codes sent (one at most).
    var closeCodes: [GraphQLWSCloseCode] { lock.withLock { closes.map(\.0) } }
}

@Suite("GraphQL over WebSocket (graphql-transport-ws)")
struct GraphQLWSTests {
    private func connection(_ endpoint: Endpoint, slots: StreamSlots = StreamSlots()) -> (GraphQLWSConnection, RecordingPeer) {
        let peer = RecordingPeer()
        return (GraphQLWSConnection(endpoint: endpoint, peer: peer, slots: slots, clientAddress: "192.0.2.7", upgradeHeaders: [:]), peer)
    }

    private func message(_ object: [String: JSONValue]) -> String {
        JSONWriter.string(.object(object))
    }

    private func subscribe(_ id: String, _ query: String) -> String {
        message(["type": .string("subscribe"), "id": .string(id), "payload": .object(["query": .string(query)])])
    }

    @Test("init is acknowledged; ping comes back as pong with its payload; a query is next then complete; a refused one is one error")
    func handshakeAndSingleResults() async throws {
        let (connection, peer) = connection(try TestDatabase.endpoint())
        await connection.receive(#"{"type":"connection_init"}"#)
        await connection.receive(#"{"type":"ping","payload":{"n":1}}"#)
        await connection.receive(#"{"type":"pong"}"#)
        await connection.receive(subscribe("a", "{ __typename }"))
        await connection.receive(subscribe("b", "{ nope }"))
        #expect(peer.types == ["connection_ack", "pong", "next", "complete", "error"])
        let messages = peer.messages
        #expect(messages[1]["payload"] == .object(["n": .integer(1)]))
        #expect(messages[2]["id"] == .string("a") && messages[2]["payload"]?["data"] == .object(["__typename": .string("Query")]))
        #expect(messages[4]["id"] == .string("b") && messages[4]["payload"]?.arrayValue?.first?["extensions"]?["code"] == .string("GRAPHQL_VALIDATION_FAILED"))
        #expect(peer.closeCodes.isEmpty)
    }

    @Test("each protocol violation closes with its code, and nothing is sent after the close", arguments: [
        ([#"{"type":"subscribe","id":"1","payload":{"query":"{ __typename }"}}"#], GraphQLWSCloseCode.unauthorized),
        (["not json"], .badRequest),
        ([#"{"type":42}"#], .badRequest),
        ([#"{"type":"connection_init"}"#, #"{"type":"next","id":"1","payload":{}}"#], .badRequest),
        ([#"{"type":"connection_init"}"#, #"{"type":"subscribe","id":"","payload":{"query":"{ __typename }"}}"#], .badRequest),
        ([#"{"type":"connection_init"}"#, #"{"type":"subscribe","id":"\#(String(repeating: "x", count: 129))","payload":{"query":"{ __typename }"}}"#], .badRequest),
        ([#"{"type":"connection_init"}"#, #"{"type":"subscribe","id":"1","payload":{"query":"{ __typename }","variables":[]}}"#], .badRequest),
        ([#"{"type":"connection_init"}"#, #"{"type":"complete"}"#], .badRequest),
        ([#"{"type":"connection_init","payload":"token"}"#], .badRequest),
        ([#"{"type":"connection_init","payload":{"Authorization":7}}"#], .badRequest),
        ([#"{"type":"connection_init","payload":{"Authorization":"Bearer forged"}}"#], .forbidden),
        ([#"{"type":"connection_init","payload":{"headers":{"authorization":"Basic abc"}}}"#], .forbidden),
        ([#"{"type":"connection_init"}"#, #"{"type":"connection_init"}"#], .tooManyInitialisationRequests),
    ])
    func violationsClose(messages: [String], code: GraphQLWSCloseCode) async throws {
        let (connection, peer) = connection(try TestDatabase.endpoint())
        for text in messages { await connection.receive(text) }
        // Whatever comes after the close is ignored.
        await connection.receive(#"{"type":"ping"}"#)
        await connection.receive(subscribe("late", "{ __typename }"))
        #expect(peer.closeCodes == [code])
        #expect(peer.sentAfterClose == 0)
        #expect(!peer.types.contains("pong") && !peer.types.contains("next"))
    }

    @Test("the initialisation timeout closes with 4408 only before connection_init")
    func initialisationTimeout() async throws {
        let endpoint = try TestDatabase.endpoint()
        let (waiting, silent) = connection(endpoint)
        await waiting.initialisationTimeElapsed()
        #expect(silent.closeCodes == [.connectionInitialisationTimeout])
        let (initialised, peer) = connection(endpoint)
        await initialised.receive(#"{"type":"connection_init"}"#)
        await initialised.initialisationTimeElapsed()
        #expect(peer.closeCodes.isEmpty && peer.types == ["connection_ack"])
    }

    @Test("a signed-in socket streams; a live stream's id cannot be reused (4409); complete gives its slot back at once")
    func streamsAndSlots() async throws {
        let endpoint = try TestDatabase.endpoint()
        let token = try await signIn(endpoint, email: "socket@example.com")
        let slots = StreamSlots()
        let (connection, peer) = connection(endpoint, slots: slots)
        await connection.receive(message(["type": .string("connection_init"), "payload": .object(["Authorization": .string("Bearer " + token)])]))
        for index in 0..<slots.perUser {
            await connection.receive(subscribe("s\(index)", "subscription { achievementUnlocked { id } }"))
        }
        // The account's streams are all taken: the next is refused, not closed.
        await connection.receive(subscribe("over", "subscription { achievementUnlocked { id } }"))
        #expect(peer.types == ["connection_ack", "error"])
        #expect(peer.messages[1]["payload"]?.arrayValue?.first?["extensions"]?["code"] == .string("RATE_LIMITED"))
        // Completing one frees its slot before its stream notices.
        await connection.receive(#"{"type":"complete","id":"s0"}"#)
        await connection.receive(subscribe("over", "subscription { achievementUnlocked { id } }"))
        #expect(peer.types == ["connection_ack", "error"])
        await connection.receive(subscribe("s1", "subscription { achievementUnlocked { id } }"))
        #expect(peer.closeCodes == [.subscriberAlreadyExists])
        // The socket is gone: every slot is back.
        let me = await endpoint.respond(to: APIRequest(query: "{ me { id } }", headers: ["authorization": "Bearer " + token]))
        let userID = try #require(JSONParser.member("data", of: me.body)?["me"]?["id"]?.stringValue)
        for _ in 0..<slots.perUser {
            #expect(slots.begin(user: userID, address: "198.51.100.1"))
        }
        #expect(!slots.begin(user: userID, address: "198.51.100.1"))
    }

    @Test("random sequences of messages: at most one close, nothing after it, every operation answered once before the next message")
    func randomSequences() async throws {
        let endpoint = try TestDatabase.endpoint()
        let pieces = [
            #"{"type":"connection_init"}"#, #"{"type":"ping"}"#, #"{"type":"pong"}"#, subscribe("q", "{ __typename }"),
            subscribe("r", "{ nope }"), #"{"type":"complete","id":"q"}"#, "[]", #"{"type":"subscribe"}"#, #"{"type":"error","id":"1"}"#,
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<150 {
            let (connection, peer) = connection(endpoint)
            var acknowledged = false, closed = false, expected: [String] = []
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                let piece = pieces.randomElement(using: &generator)!
                let before = peer.types.count
                await connection.receive(piece)
                let added = Array(peer.types[before...])
                if closed {
                    #expect(added.isEmpty)
                    continue
                }
                if !peer.closeCodes.isEmpty {
                    closed = true
                    continue
                }
                switch piece {
                case pieces[0]: expected = ["connection_ack"]; acknowledged = true
                case pieces[1]: expected = ["pong"]
                case pieces[3]: expected = acknowledged ? ["next", "complete"] : []
                case pieces[4]: expected = acknowledged ? ["error"] : []
                default: expected = []
                }
                #expect(added == expected, "\(piece)")
            }
            #expect(peer.closeCodes.count <= 1 && peer.sentAfterClose == 0)
        }
    }
}
