#!/usr/bin/env python3
"""The handler's FastCGI record layer, spoken to directly on its socket and through nginx.

Usage: fastcgi_e2e.py PATH/TO/mirubato
Serves with 2 workers. A Python FastCGI client (written here from the FastCGI 1.0
specification) parks 64 kept-open idle connections and 16 half-sent requests on the handler's
socket — far more than the workers — and requests through nginx must still be answered at
once; it also checks kept connections carrying several requests, two requests multiplexed on one
connection, FCGI_GET_VALUES, a role the handler does not play, an aborted request, a body split
over many records, and that a peer flooding parameters or half-begun requests is cut off. Prints "N passed, M failed"; exit status 1 when anything failed.
"""
import json, os, socket, struct, sys, tempfile, time, urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import serving  # noqa: E402
from checklist import Checklist  # noqa: E402

BEGIN, ABORT, END, PARAMS, STDIN, STDOUT, GET_VALUES, GET_VALUES_RESULT, UNKNOWN_TYPE = 1, 2, 3, 4, 5, 6, 9, 10, 11
RESPONDER, AUTHORIZER, KEEP_CONN = 1, 2, 1

binary = os.path.abspath(sys.argv[1])
work = tempfile.mkdtemp(prefix="mirubato-fastcgi-")
report = Checklist()
check = report.check


def record(kind, request_id, content=b""):
    return struct.pack(">BBHHBB", 1, kind, request_id, len(content), 0, 0) + content


def pairs(values):
    out = b""
    for name, value in values.items():
        for part in (name.encode(), value.encode()):
            out += bytes([len(part)]) if len(part) < 128 else struct.pack(">I", len(part) | 0x80000000)
        out += name.encode() + value.encode()
    return out


def request_records(request_id, body, keep=True, chunk=65535):
    params = pairs({"REQUEST_METHOD": "POST", "DOCUMENT_URI": "/graphql", "CONTENT_TYPE": "application/json",
                    "CONTENT_LENGTH": str(len(body)), "REMOTE_ADDR": "127.0.0.1", "HTTP_ACCEPT": "application/json"})
    out = record(BEGIN, request_id, struct.pack(">HB5x", RESPONDER, KEEP_CONN if keep else 0))
    out += record(PARAMS, request_id, params) + record(PARAMS, request_id)
    for start in range(0, len(body), chunk):
        out += record(STDIN, request_id, body[start:start + chunk])
    return out + record(STDIN, request_id)


def read_records(connection, until_ends=1, timeout=10):
    """Reads records until `until_ends` END_REQUEST records came; answers [(type, id, content)]."""
    connection.settimeout(timeout)
    buffer, records, ends = b"", [], 0
    while ends < until_ends:
        while len(buffer) >= 8:
            _, kind, request_id, length, padding, _ = struct.unpack(">BBHHBB", buffer[:8])
            if len(buffer) < 8 + length + padding:
                break
            records.append((kind, request_id, buffer[8:8 + length]))
            buffer = buffer[8 + length + padding:]
            ends += kind in (END, GET_VALUES_RESULT, UNKNOWN_TYPE)
        if ends >= until_ends:
            break
        try:
            data = connection.recv(65536)
        except OSError:  # a timeout or a reset: what came so far is the answer
            break
        if not data:
            break
        buffer += data
    return records


def stdout_of(records, request_id):
    return b"".join(content for kind, rid, content in records if kind == STDOUT and rid == request_id)


def send(connection, data):
    """Sends, ignoring a connection the handler already closed (the answer then shows it)."""
    try:
        connection.sendall(data)
    except OSError:
        pass


def closed(connection):
    """Whether the handler closed (or reset) the connection within 10 s; a timeout is not."""
    connection.settimeout(10)
    try:
        return connection.recv(1) == b""
    except socket.timeout:
        return False
    except OSError:
        return True


def connect():
    connection = socket.socket(socket.AF_UNIX)
    connection.connect(f"{work}/run/fastcgi.sock")
    return connection


QUERY = json.dumps({"query": "{ __typename }"}).encode()
try:
    subprocess_env = dict(os.environ, MIRUBATO_ENV="test", MIRUBATO_RATE_REQUESTS="100000/60")
    server, PORT, env = serving.start(work, binary, subprocess_env, workers=2)

    # Kept connections carry request after request.
    kept = connect()
    answers = []
    for request_id in (1, 2, 3):
        send(kept, request_records(request_id, QUERY))
        answers.append(stdout_of(read_records(kept), request_id))
    check("a kept connection answers three requests in turn", all(b'{"data":{"__typename":"Query"}' in a for a in answers), answers)

    # Two requests multiplexed on one connection, their records interleaved.
    def split(records):
        out = []
        while records:
            length = 8 + struct.unpack(">H", records[4:6])[0]
            out.append(records[:length])
            records = records[length:]
        return out
    first, second = split(request_records(7, QUERY)), split(request_records(8, json.dumps({"query": "{ __schema { queryType { name } } }"}).encode()))
    send(kept, b"".join(a + b for a, b in zip(first, second)))
    both = read_records(kept, until_ends=2)
    check("two multiplexed requests are both answered", b"__typename" in stdout_of(both, 7) and b"queryType" in stdout_of(both, 8),
          (stdout_of(both, 7)[-80:], stdout_of(both, 8)[-80:]))

    # A body split over many small records arrives whole.
    send(kept, request_records(9, QUERY, chunk=5))
    check("a body over many records is read whole", b'"__typename":"Query"' in stdout_of(read_records(kept), 9), "")

    # Management records and roles.
    send(kept, record(GET_VALUES, 0, pairs({"FCGI_MPXS_CONNS": "", "FCGI_MAX_REQS": ""})))
    values = read_records(kept)
    check("FCGI_GET_VALUES is answered", values and values[0][0] == GET_VALUES_RESULT and b"FCGI_MPXS_CONNS" in values[0][2], values)
    send(kept, record(BEGIN, 11, struct.pack(">HB5x", AUTHORIZER, KEEP_CONN)))
    role = read_records(kept)
    check("a role other than responder ends with FCGI_UNKNOWN_ROLE", role and role[0][0] == END and role[0][2][4] == 3, role)
    send(kept, record(BEGIN, 12, struct.pack(">HB5x", RESPONDER, KEEP_CONN)) + record(ABORT, 12))
    aborted = read_records(kept)
    check("an aborted request ends at once", aborted and aborted[0][0] == END and aborted[0][1] == 12, aborted)
    send(kept, record(99, 0, b"x" * 8))
    unknown = read_records(kept)
    check("an unknown record type gets FCGI_UNKNOWN_TYPE", unknown and unknown[0][0] == UNKNOWN_TYPE and unknown[0][2][0] == 99, unknown)

    # A peer that sends endless parameters, or begins request after request without finishing
    # any, is cut off instead of growing the handler's memory; the handler goes on answering.
    flood = connect()
    send(flood, record(BEGIN, 1, struct.pack(">HB5x", RESPONDER, KEEP_CONN)))
    for _ in range(40):
        send(flood, record(PARAMS, 1, b"x" * 60000))
    cut = closed(flood)
    check("2 MB of parameters for one request closes the connection", cut, "still open")
    many = connect()
    send(many, b"".join(record(BEGIN, n, struct.pack(">HB5x", RESPONDER, KEEP_CONN)) for n in range(1, 200)))
    cut = closed(many)
    check("199 requests begun at once on one connection close it", cut, "still open")

    # Without FCGI_KEEP_CONN the handler closes the connection after answering.
    once = connect()
    once.sendall(request_records(1, QUERY, keep=False))
    read_records(once)
    once.settimeout(5)
    check("without FCGI_KEEP_CONN the connection is closed after the answer", once.recv(1) == b"", "still open")

    # Many idle kept connections and stalled half-requests hold no worker.
    idle = []
    for index in range(64):
        connection = connect()
        send(connection, request_records(1, QUERY))
        read_records(connection, timeout=1)
        idle.append(connection)
    for index in range(16):
        connection = connect()
        connection.sendall(request_records(1, QUERY)[:30])
        idle.append(connection)
    slowest = 0
    answered = 0
    for _ in range(20):
        started = time.time()
        request = urllib.request.Request(f"http://127.0.0.1:{PORT}/graphql", QUERY, {"Content-Type": "application/json"})
        try:
            answered += b"Query" in urllib.request.urlopen(request, timeout=10).read()
        except OSError:
            pass
        slowest = max(slowest, time.time() - started)
    check("80 idle or stalled connections do not starve requests through nginx", answered == 20 and slowest < 2,
          f"{answered}/20 answered, slowest {slowest:.2f} s")
    fresh = connect()
    fresh.sendall(request_records(1, QUERY))
    check("and a new direct connection is answered too", b"Query" in stdout_of(read_records(fresh, timeout=5), 1), "")
    for connection in idle + [kept, fresh]:
        connection.close()
finally:
    serving.stop(server)

report.finish("FastCGI record layer")
