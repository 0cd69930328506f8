#!/usr/bin/env python3
"""Subscriptions through the real nginx, spoken byte for byte by raw streaming clients.

Usage: subscriptions_e2e.py PATH/TO/mirubato
Over a plain socket (HTTP/1.1, chunked bodies decoded here), for both transports served —
GraphQL over SSE (POST /graphql/stream, text/event-stream) and Apollo's multipart HTTP
subscriptions (POST /graphql, multipart/mixed;subscriptionSpec="1.0") — it checks that the status
line and headers arrive at once (before any heartbeat), that a practice session's update is
delivered, and that the stream ends (`event: complete` / the closing delimiter) when the session
is completed. A WebSocket upgrade is switched to graphql-transport-ws (graphql_ws_e2e.py tests it).
Prints "N passed, M failed"; exit status 1 when anything failed.
"""
import json, os, re, socket, sqlite3, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import serving  # noqa: E402
from checklist import Checklist  # noqa: E402

binary = os.path.abspath(sys.argv[1])
work = tempfile.mkdtemp(prefix="mirubato-subscriptions-")
ENV = dict(os.environ, MIRUBATO_ENV="test", MIRUBATO_JWT_SECRET="test-secret-for-subscription-tests-012345",
           MIRUBATO_DATA_KEY="0123456789abcdef" * 4)
report = Checklist()
check, failed = report.check, report.failed
MULTIPART_PART = b'\r\n--graphql\r\nContent-Type: application/json; charset=utf-8\r\n\r\n'


def graphql(port, query, variables=None, token=None):
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", method="POST", headers=headers,
                                     data=json.dumps({"query": query, "variables": variables or {}}).encode())
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


class RawStream:
    """An HTTP/1.1 request on a socket whose chunked answer is read as it arrives."""

    def __init__(self, port, path, headers, body):
        self.socket = socket.create_connection(("127.0.0.1", port), timeout=10)
        lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {len(body)}"] + headers
        self.socket.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        self.buffer = b""
        self.body = b""
        self.ended = False

    def head(self, timeout):
        """The status line and headers, waiting at most `timeout` seconds for them."""
        self.socket.settimeout(timeout)
        try:
            while b"\r\n\r\n" not in self.buffer:
                data = self.socket.recv(65536)
                if not data:
                    break
                self.buffer += data
        except socket.timeout:
            return 0, {}
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        lines = head.decode().split("\r\n")
        return int(lines[0].split()[1]), {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}

    def read_until(self, marker, timeout):
        """Decoded body bytes until `marker` shows up (or the body ends, or time runs out)."""
        deadline = time.time() + timeout
        while marker not in self.body and not self.ended and time.time() < deadline:
            self._decode()
            if marker in self.body or self.ended:
                break
            self.socket.settimeout(max(0.05, deadline - time.time()))
            try:
                data = self.socket.recv(65536)
            except socket.timeout:
                break
            if not data:
                self.ended = True
            self.buffer += data
        self._decode()
        return self.body

    def _decode(self):
        while True:
            size_line, sep, rest = self.buffer.partition(b"\r\n")
            if not sep:
                return
            size = int(size_line.split(b";")[0], 16)
            if len(rest) < size + 2:
                return
            if size == 0:
                self.ended = True
                self.buffer = b""
                return
            self.body += rest[:size]
            self.buffer = rest[size + 2:]


DB, KV = serving.stores(work, "subscriptions_e2e")
subprocess.run([binary, "seed", "--db", DB, "--kv", KV], env=ENV, check=True, capture_output=True)
process, port, _ = serving.start(work, binary, ENV, database=DB, kv=KV)
try:
    token = serving.sign_in(port, binary, dict(ENV, MIRUBATO_DB=DB, MIRUBATO_KV=KV), "live@example.com")
    subscription = "subscription($id: ID!) { practiceSessionUpdated(sessionId: $id) { id status } }"
    transports = [
        ("SSE", "/graphql/stream", ["Accept: text/event-stream"], b"event: next\ndata: ", b"event: complete\ndata:\n\n",
         "text/event-stream; charset=utf-8"),
        ("multipart", "/graphql", ['Accept: multipart/mixed;boundary="graphql";subscriptionSpec=1.0,application/json'],
         MULTIPART_PART + b'{"payload":', b"\r\n--graphql--\r\n", 'multipart/mixed;boundary="graphql";subscriptionSpec="1.0"'),
    ]
    for instrument, (name, path, accept, event, closing, content_type) in zip(["PIANO", "GUITAR"], transports):
        session = graphql(port, "mutation($i: StartPracticeSessionInput!) { startPracticeSession(input: $i) { id } }",
                          {"i": {"instrument": instrument}}, token)["data"]["startPracticeSession"]["id"]
        request = json.dumps({"query": subscription, "variables": {"id": session}}).encode()
        stream = RawStream(port, path, accept + ["Content-Type: application/json", f"Authorization: Bearer {token}"], request)
        started = time.time()
        status, headers = stream.head(timeout=3)
        waited = time.time() - started
        check(f"{name}: the headers arrive at once", status == 200 and waited < 2, f"{status} after {waited:.1f} s")
        check(f"{name}: content type", headers.get("content-type") == content_type, headers)
        if status != 200:
            stream.socket.close()
            continue
        if name == "multipart":
            opening = stream.read_until(b"{}", 3)
            check("multipart: opens with an empty part", opening == MULTIPART_PART + b"{}", opening[:200])
        time.sleep(0.5)
        graphql(port, "mutation($id: ID!) { pausePracticeSession(sessionId: $id) { id } }", {"id": session}, token)
        delivered = stream.read_until(event, 5)
        check(f"{name}: an update is delivered", event in delivered and b'"status":"PAUSED"' in stream.read_until(b"PAUSED", 3),
              delivered[-300:])
        graphql(port, "mutation($i: CompletePracticeSessionInput!) { completePracticeSession(input: $i) { id } }",
                {"i": {"sessionId": session}}, token)
        ending = stream.read_until(closing, 5)
        check(f"{name}: the completed state is delivered", b'"status":"COMPLETED"' in ending, ending[-300:])
        check(f"{name}: the stream ends once the session is completed", ending.endswith(closing), ending[-200:])
        stream.read_until(b"\x00never", 2)
        check(f"{name}: the response is finished", stream.ended, stream.buffer[-100:])
        if name == "multipart":
            parts = ending.split(b"\r\n--graphql")
            payloads = [json.loads(p.split(b"\r\n\r\n", 1)[1]) for p in parts[1:] if b"\r\n\r\n" in p]
            check("multipart: every part is JSON, payloads wrap results",
                  all(p == {} or set(p) == {"payload"} for p in payloads) and any("payload" in p for p in payloads), payloads)
        stream.socket.close()

    # One account cannot take every slot: past 8 live streams it is refused (429).
    achievements = json.dumps({"query": "subscription { achievementUnlocked { id } }"}).encode()
    held = []
    for _ in range(9):
        stream = RawStream(port, "/graphql/stream", ["Accept: text/event-stream", "Content-Type: application/json",
                                                     f"Authorization: Bearer {token}"], achievements)
        held.append((stream, stream.head(timeout=3)[0]))
    statuses = [status for _, status in held]
    check("streams per account are capped", statuses[:8] == [200] * 8 and statuses[8] == 429, statuses)
    for stream, _ in held:
        stream.socket.close()

    # A live stream ends with an error once its sign-in is logged out (another account: the
    # closed streams above hold their slots until the server's next write to them fails).
    leaving = serving.sign_in(port, binary, dict(ENV, MIRUBATO_DB=DB, MIRUBATO_KV=KV), "leaving@example.com")
    session = graphql(port, "mutation { startPracticeSession(input: {instrument: PIANO}) { id } }", None, leaving)["data"]["startPracticeSession"]["id"]
    stream = RawStream(port, "/graphql/stream", ["Accept: text/event-stream", "Content-Type: application/json", f"Authorization: Bearer {leaving}"],
                       json.dumps({"query": subscription, "variables": {"id": session}}).encode())
    status, _ = stream.head(timeout=3)
    graphql(port, "mutation { logout { success } }", None, leaving)
    ending = stream.read_until(b"event: complete", 10)
    check("a stream ends with UNAUTHENTICATED after logout", status == 200 and b"UNAUTHENTICATED" in ending and ending.endswith(b"event: complete\ndata:\n\n"),
          f"{status} {ending[-300:]}")
    stream.socket.close()

    # Subscribing is rate-limited per account (30 a minute): the 31st attempt is 429.
    churn = serving.sign_in(port, binary, dict(ENV, MIRUBATO_DB=DB, MIRUBATO_KV=KV), "churn@example.com")
    statuses = []
    for _ in range(31):
        stream = RawStream(port, "/graphql/stream", ["Accept: text/event-stream", "Content-Type: application/json", f"Authorization: Bearer {churn}"],
                           json.dumps({"query": subscription, "variables": {"id": "no-such-session"}}).encode())
        statuses.append(stream.head(timeout=3)[0])
        stream.socket.close()
    check("subscribing is rate-limited per account", statuses[:30] == [404] * 30 and statuses[30] == 429, statuses[-3:])

    # A subscription a client cannot open: not signed in.
    stream = RawStream(port, "/graphql", ['Accept: multipart/mixed;subscriptionSpec="1.0",application/json',
                                         "Content-Type: application/json"], json.dumps({"query": subscription, "variables": {"id": "x"}}).encode())
    status, _ = stream.head(timeout=3)
    check("multipart: a refused subscription is an HTTP error, not a stream", status == 401, status)
    stream.socket.close()

    # A WebSocket upgrade on /graphql reaches the WebSocket listener (graphql_ws_e2e.py speaks it).
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(b"GET /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 b"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n")
    answer = b""
    sock.settimeout(5)
    try:
        while b"\r\n\r\n" not in answer:
            data = sock.recv(65536)
            if not data:
                break
            answer += data
    except socket.timeout:
        pass
    sock.close()
    status_line = answer.split(b"\r\n", 1)[0]
    check("WebSocket upgrade: switched to graphql-transport-ws", status_line == b"HTTP/1.1 101 Switching Protocols"
          and b"sec-websocket-protocol: graphql-transport-ws" in answer.lower(), answer[:300])
finally:
    serving.stop(process)

report.finish("subscriptions")
