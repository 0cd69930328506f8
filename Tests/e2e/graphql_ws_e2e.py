#!/usr/bin/env python3
"""GraphQL over WebSocket (graphql-transport-ws) through the real nginx and `mirubato-ws`.

Usage: graphql_ws_e2e.py PATH/TO/mirubato   (mirubato-ws beside it; the clients venv's python)
gql's WebsocketsTransport queries, mutates and subscribes as an app would, receiving a practice
session's updates written through the FastCGI handler (another process: on PostgreSQL, under
scripts/backends.py, they arrive by LISTEN/NOTIFY). A raw client (the `websockets` library)
checks each close code the server sends (4400, 4401, 4403, 4406, 4408, 4409, 4429, and 1009 for
a message over the size limit) and its answer to a client's own 4499, the Origin check, the per-account stream cap, logout ending a
stream, and a burst of 10,000 subscribe messages from a client that never reads while another
client is answered beside it, and a restart closing every socket with 1001. Prints "N passed,
M failed"; exit status 1 when anything failed.
"""
import asyncio, json, os, socket, subprocess, sys, tempfile, time, urllib.request

import websockets
from gql import Client, gql
from gql.transport.exceptions import TransportQueryError
from gql.transport.websockets import WebsocketsTransport

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import serving  # noqa: E402
from checklist import Checklist  # noqa: E402

binary = os.path.abspath(sys.argv[1])
work = tempfile.mkdtemp(prefix="mirubato-ws-")
ENV = dict(os.environ, MIRUBATO_ENV="test", MIRUBATO_JWT_SECRET="test-secret-for-websocket-tests-0123456",
           MIRUBATO_DATA_KEY="0123456789abcdef" * 4, MIRUBATO_CORS_ORIGINS="https://app.example",
           MIRUBATO_WS_OPTIONS="--send-timeout 3")
report = Checklist()
check = report.check
SUBPROTOCOL = "graphql-transport-ws"
SESSION_UPDATES = "subscription($id: ID!) { practiceSessionUpdated(sessionId: $id) { id status } }"


def http(port, query, variables=None, token=None):
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", json.dumps({"query": query, "variables": variables}).encode(), headers)
    return json.load(urllib.request.urlopen(request, timeout=30))


def start_session(port, token, instrument="PIANO"):
    return http(port, "mutation($i: StartPracticeSessionInput!) { startPracticeSession(input: $i) { id } }",
                {"i": {"instrument": instrument}}, token)["data"]["startPracticeSession"]["id"]


async def connect(port, subprotocols=(SUBPROTOCOL,), origin=None):
    """A raw socket through nginx; retried while the listener is still starting."""
    for _ in range(50):
        try:
            return await websockets.connect(f"ws://127.0.0.1:{port}/graphql", subprotocols=list(subprotocols) or None,
                                            origin=origin, max_size=None, ping_interval=None)
        except websockets.InvalidStatus as error:
            if error.response.status_code != 502:
                raise
            await asyncio.sleep(0.1)
    raise RuntimeError("the WebSocket listener did not start")


async def close_code(ws, messages, wait=5):
    """Sends `messages` (dicts as JSON, bytes as a binary frame, str as is), then reads until the
    server closes; answers (code, reason, messages received before)."""
    received = []
    try:
        for message in messages:
            await ws.send(json.dumps(message) if isinstance(message, dict) else message)
        while True:
            received.append(json.loads(await asyncio.wait_for(ws.recv(), wait)))
    except websockets.ConnectionClosed as closed:
        return (closed.rcvd.code if closed.rcvd else None, closed.rcvd.reason if closed.rcvd else None, received)
    except asyncio.TimeoutError:
        return (None, "still open", received)


async def exchange(ws, message, until_type, wait=5):
    await ws.send(json.dumps(message))
    received = []
    while True:
        item = json.loads(await asyncio.wait_for(ws.recv(), wait))
        received.append(item)
        if item.get("type") in until_type:
            return received


async def run(port, token, env):
    init = {"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}

    # --- gql, as an app would: a query, a mutation and a subscription on one socket.
    transport = WebsocketsTransport(url=f"ws://127.0.0.1:{port}/graphql", init_payload={"Authorization": f"Bearer {token}"},
                                    subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL])
    await connect(port)  # the listener is up
    async with Client(transport=transport, fetch_schema_from_transport=False) as session:
        result = await session.execute(gql("{ listSheetMusic(limit: 2) { totalCount edges { node { title } } } }"))
        check("gql: a query over the socket", result["listSheetMusic"]["totalCount"] > 0 and len(result["listSheetMusic"]["edges"]) == 2, result)
        me = await session.execute(gql("{ me { email } }"))
        check("gql: connection_init's token signs the socket in", me["me"]["email"] == "ws@example.com", me)
        started = await session.execute(gql("mutation { startPracticeSession(input: {instrument: GUITAR}) { id status } }"))
        sid = started["startPracticeSession"]["id"]
        check("gql: a mutation over the socket", started["startPracticeSession"]["status"] == "IN_PROGRESS", started)
        try:
            await session.execute(gql("{ practiceSession(id: \"nope\") { id } nope }"))
            check("gql: a validation error is an error message", False, "no error")
        except TransportQueryError as error:
            check("gql: a validation error is an error message", "nope" in str(error), str(error))

        statuses = []

        async def listen():
            async for event in session.subscribe(gql(SESSION_UPDATES), variable_values={"id": sid}):
                statuses.append(event["practiceSessionUpdated"]["status"])

        listener = asyncio.create_task(listen())
        await asyncio.sleep(1.0)
        # Written through nginx + FastCGI: another process (on PostgreSQL it notifies).
        http(port, "mutation($id: ID!) { pausePracticeSession(sessionId: $id) { id } }", {"id": sid}, token)
        for _ in range(50):
            if "PAUSED" in statuses:
                break
            await asyncio.sleep(0.1)
        check("gql: a subscription receives an update written by another process", "PAUSED" in statuses, statuses)
        http(port, "mutation($i: CompletePracticeSessionInput!) { completePracticeSession(input: $i) { id } }", {"i": {"sessionId": sid}}, token)
        try:
            await asyncio.wait_for(listener, 10)
            ended = True
        except asyncio.TimeoutError:
            ended = False
        check("gql: the subscription completes once the session is completed", ended and statuses[-1:] == ["COMPLETED"], statuses)

    # --- the close codes, each on a raw socket.
    ws = await connect(port)
    code, reason, _ = await close_code(ws, ["not json"])
    check("4400: a message that is not JSON", code == 4400, (code, reason))
    ws = await connect(port)
    code, reason, _ = await close_code(ws, [init, {"type": "next", "id": "1", "payload": {}}])
    check("4400: a server message sent by the client", code == 4400, (code, reason))
    ws = await connect(port)
    code, reason, _ = await close_code(ws, [init, {"type": "subscribe", "payload": {"query": "{ __typename }"}}])
    check("4400: subscribe without an id", code == 4400, (code, reason))
    ws = await connect(port)
    code, reason, _ = await close_code(ws, [init, b"\x00\x01"])
    check("4400: a binary message", code == 4400, (code, reason))
    ws = await connect(port)
    code, reason, _ = await close_code(ws, [{"type": "subscribe", "id": "1", "payload": {"query": "{ __typename }"}}])
    check("4401: subscribe before connection_init", code == 4401, (code, reason))
    ws = await connect(port)
    code, reason, _ = await close_code(ws, [{"type": "connection_init", "payload": {"Authorization": "Bearer not-a-token"}}])
    check("4403: connection_init with a token that is not valid", code == 4403, (code, reason))
    ws = await connect(port, subprotocols=())
    code, reason, _ = await close_code(ws, [])
    check("4406: a client that does not offer graphql-transport-ws", code == 4406, (code, reason))
    ws = await connect(port)
    waited = time.time()
    code, reason, _ = await close_code(ws, [], wait=10)
    waited = time.time() - waited
    check("4408: no connection_init within 3 s", code == 4408 and 2.5 < waited < 6, (code, reason, round(waited, 1)))
    ws = await connect(port)
    duplicate = {"type": "subscribe", "id": "same", "payload": {"query": "subscription { achievementUnlocked { id } }"}}
    code, reason, received = await close_code(ws, [init, duplicate, duplicate])
    check("4409: a second subscribe with a live stream's id", code == 4409 and "same" in (reason or ""), (code, reason, received))
    ws = await connect(port)
    code, reason, received = await close_code(ws, [init, init])
    check("4429: a second connection_init", code == 4429 and received == [{"type": "connection_ack"}], (code, reason, received))
    ws = await connect(port)
    big = json.dumps({"type": "subscribe", "id": "big", "payload": {"query": "{ __typename }", "variables": {"x": "a" * 2_000_000}}})
    code, reason, _ = await close_code(ws, [init, big])
    check("1009: a message over the size limit", code == 1009, (code, reason))

    # --- protocol details.
    ws = await connect(port)
    answers = await exchange(ws, init, {"connection_ack"})
    answers += await exchange(ws, {"type": "ping", "payload": {"n": 1}}, {"pong"})
    check("ping is answered with pong and its payload", answers == [{"type": "connection_ack"}, {"type": "pong", "payload": {"n": 1}}], answers)
    answers = await exchange(ws, {"type": "subscribe", "id": "q", "payload": {"query": "{ __typename }"}}, {"complete", "error"})
    check("a query: next, then complete", [a["type"] for a in answers] == ["next", "complete"] and answers[0]["payload"]["data"] == {"__typename": "Query"},
          answers)
    deferred = '{ listSheetMusic(limit: 2) { totalCount ... @defer(label: "rest") { edges { node { title } } } } }'
    answers = await exchange(ws, {"type": "subscribe", "id": "d", "payload": {"query": deferred}}, {"complete", "error"})
    check("@defer over the socket: the parts as next messages (hasNext true, then false), then complete",
          [a["type"] for a in answers] == ["next", "next", "complete"] and answers[0]["payload"]["hasNext"] is True
          and "edges" not in answers[0]["payload"]["data"]["listSheetMusic"]
          and answers[1]["payload"]["incremental"][0]["label"] == "rest" and answers[1]["payload"]["hasNext"] is False, answers)
    answers = await exchange(ws, {"type": "subscribe", "id": "q", "payload": {"query": "{ nope }"}}, {"complete", "error"})
    check("a refused query: one error message with GraphQL errors, no complete",
          len(answers) == 1 and answers[0]["type"] == "error" and answers[0]["payload"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED", answers)
    sid = start_session(port, token)
    await ws.send(json.dumps({"type": "subscribe", "id": "s", "payload": {"query": SESSION_UPDATES, "variables": {"id": sid}}}))
    await asyncio.sleep(0.5)
    await ws.send(json.dumps({"type": "complete", "id": "s"}))
    await asyncio.sleep(0.5)
    http(port, "mutation($id: ID!) { pausePracticeSession(sessionId: $id) { id } }", {"id": sid}, token)
    try:
        late = json.loads(await asyncio.wait_for(ws.recv(), 1.5))
    except asyncio.TimeoutError:
        late = None
    check("complete from the client stops the stream", late is None, late)
    await ws.close()

    # --- 4499 (Terminated) is the client's own code: the server answers its close and lets go of
    # the socket's streams.
    ws = await connect(port)
    await exchange(ws, init, {"connection_ack"})
    await ws.send(json.dumps({"type": "subscribe", "id": "t", "payload": {"query": "subscription { achievementUnlocked { id } }"}}))
    await asyncio.sleep(0.3)
    await ws.close(code=4499, reason="Terminated")
    check("a client's 4499 close is answered with its code", ws.protocol.close_rcvd is not None and ws.protocol.close_rcvd.code == 4499,
          ws.protocol.close_rcvd)

    # --- the Origin: a browser page elsewhere may not open a socket; the app's own origin and
    # MIRUBATO_CORS_ORIGINS may.
    try:
        await connect(port, origin="https://evil.example")
        status = 101
    except websockets.InvalidStatus as error:
        status = error.response.status_code
    check("an origin that is not allowed gets 403", status == 403, status)
    for origin in (f"http://127.0.0.1:{port}", "https://app.example"):
        ws = await connect(port, origin=origin)
        answers = await exchange(ws, init, {"connection_ack"})
        check(f"origin {origin} is allowed", answers == [{"type": "connection_ack"}], answers)
        await ws.close()

    # --- anonymous: public queries work, subscriptions need a sign-in.
    ws = await connect(port)
    await exchange(ws, {"type": "connection_init"}, {"connection_ack"})
    answers = await exchange(ws, {"type": "subscribe", "id": "a", "payload": {"query": "subscription { achievementUnlocked { id } }"}}, {"error", "complete"})
    check("anonymous: a subscription is refused with UNAUTHENTICATED",
          answers[-1]["type"] == "error" and answers[-1]["payload"][0]["extensions"]["code"] == "UNAUTHENTICATED", answers)
    await ws.close()

    # --- the stream cap: 8 live streams per account across sockets, the 9th is refused.
    capped = serving.sign_in(port, binary, env, "capped@example.com")
    sockets, answers = [], []
    for index in range(9):
        ws = await connect(port)
        await exchange(ws, {"type": "connection_init", "payload": {"Authorization": f"Bearer {capped}"}}, {"connection_ack"})
        await ws.send(json.dumps({"type": "subscribe", "id": "a", "payload": {"query": "subscription { achievementUnlocked { id } }"}}))
        try:
            answers.append(json.loads(await asyncio.wait_for(ws.recv(), 1)))
        except asyncio.TimeoutError:
            answers.append(None)
        sockets.append(ws)
    check("streams per account are capped at 8 (the 9th: RATE_LIMITED)",
          answers[:8] == [None] * 8 and answers[8]["type"] == "error" and answers[8]["payload"][0]["extensions"]["code"] == "RATE_LIMITED", answers[-2:])
    for ws in sockets:
        await ws.close()
    await asyncio.sleep(0.5)
    ws = await connect(port)
    await exchange(ws, {"type": "connection_init", "payload": {"Authorization": f"Bearer {capped}"}}, {"connection_ack"})
    await ws.send(json.dumps({"type": "subscribe", "id": "again", "payload": {"query": "subscription { achievementUnlocked { id } }"}}))
    try:
        again = json.loads(await asyncio.wait_for(ws.recv(), 1))
    except asyncio.TimeoutError:
        again = None
    check("closed sockets give their slots back", again is None, again)
    await ws.close()

    # --- logout ends a live stream: its last result is the error, then 4403.
    leaving = serving.sign_in(port, binary, env, "leaving@example.com")
    sid = start_session(port, leaving)
    ws = await connect(port)
    await exchange(ws, {"type": "connection_init", "payload": {"Authorization": f"Bearer {leaving}"}}, {"connection_ack"})
    await ws.send(json.dumps({"type": "subscribe", "id": "s", "payload": {"query": SESSION_UPDATES, "variables": {"id": sid}}}))
    await asyncio.sleep(0.5)
    http(port, "mutation { logout { success } }", None, leaving)
    code, reason, received = await close_code(ws, [], wait=10)
    check("logout ends the stream: UNAUTHENTICATED, then 4403",
          code == 4403 and any(m.get("type") == "next" and "UNAUTHENTICATED" in json.dumps(m) for m in received), (code, reason, received))

    # --- a burst of 10,000 subscribe messages, read only afterwards, beside another account's
    # client that must still be answered at once: the burst spends its account's request budget
    # (600 a minute), the rest are refused with RATE_LIMITED, and every one gets its answer.
    burst = await connect(port)
    await exchange(burst, init, {"connection_ack"})
    messages = [json.dumps({"type": "subscribe", "id": str(i), "payload": {"query": "{ __typename }"}}) for i in range(10_000)]
    sender = asyncio.create_task(send_all(burst, messages))
    neighbour_token = serving.sign_in(port, binary, env, "neighbour@example.com")
    neighbour = await connect(port)
    await exchange(neighbour, {"type": "connection_init", "payload": {"Authorization": f"Bearer {neighbour_token}"}}, {"connection_ack"})
    latencies, answered = [], 0
    for index in range(20):
        started = time.time()
        answers = await exchange(neighbour, {"type": "subscribe", "id": f"n{index}", "payload": {"query": "{ __typename }"}}, {"complete", "error"}, wait=10)
        latencies.append(time.time() - started)
        answered += answers[0].get("payload", {}).get("data") == {"__typename": "Query"}
        await asyncio.sleep(0.05)
    latencies.sort()
    check("beside the burst, another account's client is answered, within 0.5 s (p95)",
          answered == 20 and latencies[18] < 0.5, (answered, [round(x, 3) for x in latencies[-3:]]))
    await neighbour.close()
    await asyncio.wait_for(sender, 120)
    outcomes = {}
    try:
        while len(outcomes) < 10_000:
            message = json.loads(await asyncio.wait_for(burst.recv(), 30))
            if message["type"] == "next":
                outcomes[message["id"]] = "data"
            elif message["type"] == "error":
                outcomes[message["id"]] = message["payload"][0]["extensions"]["code"]
    except (websockets.ConnectionClosed, asyncio.TimeoutError) as error:
        outcomes["ending"] = repr(error)
    counts = {outcome: list(outcomes.values()).count(outcome) for outcome in set(outcomes.values())}
    check("the burst: every message answered once, at most the budget's 600 run, the rest RATE_LIMITED",
          len(outcomes) == 10_000 and counts.get("data", 0) <= 600 and counts.get("data", 0) + counts.get("RATE_LIMITED", 0) == 10_000, counts)
    await burst.close()

    # --- a client that asks for large answers and never reads them: once a send has waited
    # the send timeout (3 s here, 10 s by default) the server closes the socket, instead of
    # holding its answers and its slot.
    reader = serving.sign_in(port, binary, env, "reader@example.com")
    # A small receive buffer, so that what nginx and the kernels hold is less than what is asked for.
    raw = socket.socket()
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    raw.connect(("127.0.0.1", port))
    slow = await websockets.connect(f"ws://127.0.0.1:{port}/graphql", sock=raw, subprotocols=[SUBPROTOCOL], max_queue=1,
                                    max_size=None, ping_interval=None)
    await exchange(slow, {"type": "connection_init", "payload": {"Authorization": f"Bearer {reader}"}}, {"connection_ack"})
    # About 48 KB an answer, 5 of the minute's 600 budget units each: 120 answers, 5.8 MB.
    page = "{ listSheetMusic(limit: 100) { edges { node { id title composer measures { number clef timeSignature keySignature tempo } } } } }"
    for index in range(200):
        await slow.send(json.dumps({"type": "subscribe", "id": f"p{index}", "payload": {"query": page}}))
    await asyncio.sleep(8)
    received = 0
    try:
        while True:
            await asyncio.wait_for(slow.recv(), 5)
            received += 1
    except (websockets.ConnectionClosed, asyncio.TimeoutError) as error:
        ending = error
    check("a client that never reads is closed once a send waits the send timeout",
          isinstance(ending, websockets.ConnectionClosed) and received < 400, (repr(ending), received))
    ws = await connect(port)
    answers = await exchange(ws, init, {"connection_ack"})
    check("the listener serves new sockets afterwards", answers == [{"type": "connection_ack"}], answers)

    # --- a restart: SIGTERM closes every open socket with 1001, so clients reconnect at once.
    with open(os.path.join(work, "run", "websocket.pid")) as pid:
        os.kill(int(pid.read()), 15)
    code, reason, _ = await close_code(ws, [], wait=5)
    check("a stopping listener closes its sockets with 1001 (going away)", code == 1001, (code, reason))


async def send_all(ws, messages):
    for message in messages:
        await ws.send(message)


DB, KV = serving.stores(work, "graphqlws")
subprocess.run([binary, "seed", "--db", DB, "--kv", KV], env=ENV, check=True, capture_output=True)
process, port, env = serving.start(work, binary, ENV, database=DB, kv=KV)
try:
    token = serving.sign_in(port, binary, env, "ws@example.com")
    asyncio.run(run(port, token, env))
finally:
    serving.stop(process)

report.finish("graphql-ws")
