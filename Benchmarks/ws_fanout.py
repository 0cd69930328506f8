#!/usr/bin/env python3
"""Subscription fan-out through nginx: GraphQL over WebSocket (mirubato-ws) beside GraphQL over SSE.

Usage: PYTHON-WITH-websockets ws_fanout.py PATH/TO/mirubato ROUNDS   (under scripts/backends.py: on PostgreSQL + Redis)
Signs in 44 accounts, each with a practice session, and opens practiceSessionUpdated streams on
them: 1,000 WebSockets on 40 (25 each), then 16 of each transport on two more each (FastCGI's
SSE allows 16 per client address; subscribing is budgeted at 30 a minute per account). Each
round pauses or resumes every session of the case through HTTP (one commit after another) and
waits until every stream has the new state. Prints, for each case, the
events delivered per second over all rounds and the latency from a mutation's answer (its
commit) to each delivery, p50 and p99. One Python process reads every socket: its own time is in
the latencies, the same for both transports.
"""
import asyncio, json, os, random, statistics, subprocess, sys, tempfile, time, urllib.request

import websockets

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import serving  # noqa: E402

binary, rounds = os.path.abspath(sys.argv[1]), int(sys.argv[2])
ACCOUNTS, PER_ACCOUNT = 40, 25
SUBSCRIPTION = "subscription($id: ID!) { practiceSessionUpdated(sessionId: $id) { id status } }"


def http(port, query, variables, token):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", json.dumps({"query": query, "variables": variables}).encode(),
                                     {"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    return json.load(urllib.request.urlopen(request, timeout=30))


class Deliveries:
    """When each stream received the round's state, with its session."""

    def __init__(self):
        self.expected, self.arrivals, self.round = None, [], asyncio.Event()
        self.pending = 0

    def arrived(self, update):
        if update["status"] == self.expected:
            self.arrivals.append((update["id"], time.perf_counter()))
            self.pending -= 1
            if self.pending == 0:
                self.round.set()


async def websocket_stream(port, token, session, deliveries, ready):
    async with websockets.connect(f"ws://127.0.0.1:{port}/graphql", subprotocols=["graphql-transport-ws"], ping_interval=None,
                                  max_queue=None) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(json.dumps({"type": "subscribe", "id": "1", "payload": {"query": SUBSCRIPTION, "variables": {"id": session}}}))
        ready.release()
        async for text in ws:
            message = json.loads(text)
            if message["type"] != "next":
                raise RuntimeError(f"the stream was refused or ended: {text[:200]}")
            deliveries.arrived(message["payload"]["data"]["practiceSessionUpdated"])


async def sse_stream(port, token, session, deliveries, ready):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    body = json.dumps({"query": SUBSCRIPTION, "variables": {"id": session}}).encode()
    writer.write(f"POST /graphql/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nContent-Type: application/json\r\n"
                 f"Authorization: Bearer {token}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
    await writer.drain()
    try:
        head = await reader.readuntil(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200"), head
        ready.release()
        buffer = b""
        while True:
            data = await reader.read(65536)
            if not data:
                return
            buffer += data
            while b"\n\n" in buffer:
                event, buffer = buffer.split(b"\n\n", 1)
                if b"event: next" in event:
                    line = event.split(b"data: ", 1)[1].split(b"\r\n", 1)[0]
                    deliveries.arrived(json.loads(line)["data"]["practiceSessionUpdated"])
    finally:
        writer.close()


async def case(name, port, accounts, streams_per_account, opener):
    deliveries, ready = Deliveries(), asyncio.Semaphore(0)
    # Opened 50 at a time, as clients arrive, not as one burst of a thousand handshakes.
    tasks = []
    for token, session in accounts:
        for _ in range(streams_per_account):
            tasks.append(asyncio.create_task(opener(port, token, session, deliveries, ready)))
            if len(tasks) % 50 == 0:
                for _ in range(50):
                    await asyncio.wait_for(ready.acquire(), 60)
    for _ in range(len(tasks) % 50):
        await asyncio.wait_for(ready.acquire(), 60)
    await asyncio.sleep(1.0)
    streams = len(tasks)
    latencies, started, paused = [], time.perf_counter(), 0.0
    loop = asyncio.get_running_loop()
    for index in range(rounds):
        # A pause of 50–300 ms between rounds, not counted: a commit right after the streams'
        # last poll would otherwise wait a whole poll interval every round.
        pause_for = random.uniform(0.05, 0.3)
        await asyncio.sleep(pause_for)
        paused += pause_for
        pause = index % 2 == 0
        deliveries.expected, deliveries.pending = ("PAUSED" if pause else "IN_PROGRESS"), streams
        deliveries.round.clear()
        deliveries.arrivals = []
        committed = {}
        for token, session in accounts:
            mutation = "mutation($id: ID!) { %s(sessionId: $id) { id } }" % ("pausePracticeSession" if pause else "resumePracticeSession")
            await loop.run_in_executor(None, http, port, mutation, {"id": session}, token)
            committed[session] = time.perf_counter()
        waiting = asyncio.create_task(deliveries.round.wait())
        done, _ = await asyncio.wait([waiting, *tasks], timeout=30, return_when=asyncio.FIRST_COMPLETED)
        if waiting not in done:
            failed = [task.exception() for task in done if task is not waiting and task.exception()]
            raise RuntimeError(f"round {index}: {deliveries.pending} deliveries missing; {failed[:1]}")
        # From the mutation's answer; a stream that polled between the commit and the answer
        # counts 0.
        latencies += [max(0.0, arrival - committed[session]) for session, arrival in deliveries.arrivals]
    elapsed = time.perf_counter() - started - paused
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    await asyncio.sleep(1.0)  # the server sees the sockets go and gives their slots back
    latencies.sort()
    p50, p99 = statistics.median(latencies), latencies[int(len(latencies) * 0.99) - 1]
    print(f"{name:34s} {streams:5d} streams  {streams * rounds / elapsed:9.0f} events/s  "
          f"commit→delivery p50 {p50 * 1000:7.1f} ms  p99 {p99 * 1000:7.1f} ms")


async def main(port, accounts):
    await case("WebSocket (mirubato-ws)", port, accounts[:ACCOUNTS], PER_ACCOUNT, websocket_stream)
    # Accounts of their own: subscribing is budgeted at 30 a minute per account.
    await case("WebSocket (mirubato-ws)", port, accounts[ACCOUNTS:ACCOUNTS + 2], 8, websocket_stream)
    await case("SSE (FastCGI, its 16 per address)", port, accounts[ACCOUNTS + 2:], 8, sse_stream)


work = tempfile.mkdtemp(prefix="mirubato-fanout-")
env = dict(os.environ, MIRUBATO_ENV="test", MIRUBATO_JWT_SECRET="fan-out-benchmark-secret-0123456789abcdef",
           MIRUBATO_DATA_KEY="0123456789abcdef" * 4, MIRUBATO_RATE_MAGIC_CLIENT="10000/60", MIRUBATO_RATE_REQUESTS="100000/60",
           MIRUBATO_WS_OPTIONS=f"--streams-per-account {PER_ACCOUNT} --streams-per-address {ACCOUNTS * PER_ACCOUNT}")
# Files here, or under scripts/backends.py a PostgreSQL database (events arrive by LISTEN/NOTIFY
# instead of each stream's poll every 200 ms) and a Redis namespace.
database, kv = serving.stores(work, "fanout")
subprocess.run([binary, "seed", "--db", database, "--kv", kv], env=env, check=True, capture_output=True)
process, port, env = serving.start(work, binary, env, database=database, kv=kv)
try:
    accounts = []
    for index in range(ACCOUNTS + 4):
        token = serving.sign_in(port, binary, env, f"fan{index}@example.com")
        session = http(port, "mutation { startPracticeSession(input: {instrument: PIANO}) { id } }", {}, token)["data"]["startPracticeSession"]["id"]
        accounts.append((token, session))
    engine = "PostgreSQL + Redis" if os.environ.get("MIRUBATO_TEST_POSTGRES") else "SQLite"
    print(f"machine: {os.cpu_count()} cores; {engine}; {rounds} rounds, each a commit on every session of the case")
    asyncio.run(main(port, accounts))
finally:
    serving.stop(process)
