#!/usr/bin/env python3
"""End-to-end checks through the real nginx (project config, loopback only) and `mirubato serve`.

Usage: [MIRUBATO_GATEWAY=cgi] http_e2e.py PATH/TO/mirubato
With MIRUBATO_GATEWAY=cgi the handler is Debian's fcgiwrap running one `mirubato` CGI process per
request (RFC 3875), and every check holds there too. Starts both on free loopback ports in a temporary folder, replays the golden requests over HTTP,
checks the HTTP rules of GraphQL over HTTP, stops everything it started by PID, and prints
"N passed, M failed". Exit status 1 when anything failed.
"""
import json, os, re, shutil, signal, sqlite3, subprocess, sys, tempfile, time, urllib.request, urllib.error

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import serving  # noqa: E402
from checklist import Checklist  # noqa: E402
GOLDEN = os.path.join(ROOT, "Tests/MirubatoTests/Golden")
# Cases whose answers depend on the process's random stream or span several requests with their
# own headers: they run in-process and through `mirubato handle` only.
SKIP_PREFIXES = ("auth_", "practice_", "progress_", "random_")
ORIGIN = "https://app.example"
report = Checklist()
check, failed = report.check, report.failed


def call(method, path, body=None, headers=None):
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict((k.lower(), v) for k, v in response.getheaders()), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict((k.lower(), v) for k, v in error.headers.items()), error.read()


def post(payload, headers=None, raw=None):
    base = {"Content-Type": "application/json", "Accept": "application/json"}
    base.update(headers or {})
    return call("POST", "/graphql", raw if raw is not None else json.dumps(payload).encode(), base)


def get(params, headers=None):
    from urllib.parse import urlencode
    base = {"apollo-require-preflight": "1", "Accept": "application/json"}
    base.update(headers or {})
    return call("GET", "/graphql?" + urlencode(params), None, base)


binary = os.path.abspath(sys.argv[1])
work = tempfile.mkdtemp(prefix="mirubato-e2e-")
# MIRUBATO_GATEWAY=cgi runs the suite behind fcgiwrap, one `mirubato` process per request.
CGI = os.environ.get("MIRUBATO_GATEWAY") == "cgi"
PORT = 0
BASE_ENV = dict(os.environ, MIRUBATO_ENV="test", MIRUBATO_NOW="2026-01-15T09:30:00.000Z", MIRUBATO_RANDOM_SEED="42",
                MIRUBATO_JWT_SECRET="test-secret-for-golden-files-only-0123456789", MIRUBATO_DATA_KEY="0123456789abcdef" * 4,
                MIRUBATO_CORS_ORIGINS=ORIGIN, MIRUBATO_BIN=binary)
# With MIRUBATO_TEST_POSTGRES and MIRUBATO_TEST_REDIS (scripts/backends.py) every server runs on
# a PostgreSQL copy of one seeded template and a Redis namespace of its own instead of files.
POSTGRES = os.environ.get("MIRUBATO_TEST_POSTGRES")
if POSTGRES:
    serving.psql("CREATE DATABASE e2e_template")
    subprocess.run([binary, "seed", "--db", serving.postgres_database("e2e_template"), "--kv", f"{work}/template-kv.db"], env=BASE_ENV,
                   check=True, capture_output=True)
else:
    subprocess.run([binary, "seed", "--db", f"{work}/template.db", "--kv", f"{work}/template-kv.db"], env=BASE_ENV, check=True,
                   capture_output=True)
servers = 0


def start_server(name, workers):
    """Starts scripts/serve on a fresh copy of the seeded database; answers (process, env)."""
    global PORT, servers
    folder = f"{work}/{name}"
    os.makedirs(folder)
    servers += 1
    database, kv = serving.stores(folder, f"e2e{servers}", template="e2e_template")
    if not POSTGRES:
        shutil.copy(f"{work}/template.db", database)
    process, PORT, env = serving.start(folder, binary, BASE_ENV, workers, database=database, kv=kv)
    return process, env


def stored_count(env, table):
    """Rows in a table of the server's database, read as an operator would (sqlite3 or psql)."""
    if POSTGRES:
        return int(subprocess.run(["psql", env["MIRUBATO_DB"], "-tAqc", f"SELECT count(*) FROM {table}"], check=True,
                                  capture_output=True, text=True).stdout.strip())
    return sqlite3.connect(env["MIRUBATO_DB"]).execute(f"SELECT count(*) FROM {table}").fetchone()[0]


stop_server = serving.stop


def golden_names():
    return sorted(f[:-len(".request.json")] for f in os.listdir(GOLDEN) if f.endswith(".request.json"))


# Cases whose answers depend on the process's random stream or on earlier steps (flows are named
# with these prefixes) run each on a fresh server with one worker, item by item with each item's own headers, as `mirubato handle` does.
for name in [n for n in golden_names() if n.startswith(SKIP_PREFIXES)]:
    server, _ = start_server(name, 1)
    try:
        items = json.load(open(f"{GOLDEN}/{name}.request.json"))
        expected = json.load(open(f"{GOLDEN}/{name}.response.json"))
        single = isinstance(items, dict)
        answers = []
        for item in ([items] if single else items):
            headers = dict(item.get("headers", {}))
            answers.append(json.loads(post({k: v for k, v in item.items() if k != "headers"}, headers)[2]))
        actual = answers[0] if single else answers
        mismatch = next((i for i, (a, e) in enumerate(zip(answers, [expected] if single else expected)) if a != e), None)
        check(f"golden {name} (step by step)", actual == expected, f"step {mismatch}: {json.dumps(answers[mismatch] if mismatch is not None else actual)[:300]}")
    except Exception as error:
        failed.append(f"golden {name}: {error!r}")
    finally:
        stop_server(server)

server, env = start_server("main", 2)
try:
    status, headers, body = call("GET", "/healthz")
    check("healthz", status == 200 and json.loads(body) == {"status": "ok"}, f"{status} {body[:100]}")

    # Every other golden request over HTTP answers the golden response.
    for name in golden_names():
        if name.startswith(SKIP_PREFIXES):
            continue
        raw = open(f"{GOLDEN}/{name}.request.json", "rb").read()
        expected = json.load(open(f"{GOLDEN}/{name}.response.json"))
        try:
            request = json.loads(raw)
        except (ValueError, UnicodeDecodeError, RecursionError):
            request = None
        extra = {}
        if isinstance(request, dict) and isinstance(request.get("headers"), dict):
            extra = {k: v for k, v in request["headers"].items()}
        status, _, body = post(None, extra, raw=raw)
        try:
            actual = json.loads(body)
        except ValueError:
            actual = body[:200]
        check(f"golden {name}", actual == expected, f"status {status}: {json.dumps(actual)[:300]}")

    # Methods.
    status, headers, _ = call("PUT", "/graphql", b"{}", {"Content-Type": "application/json"})
    check("PUT is 405 with Allow", status == 405 and "POST" in headers.get("allow", ""), f"{status} {headers}")
    status, headers, body = get({"query": "mutation { logout { success } }"})
    check("mutation over GET is 405 Allow: POST", status == 405 and headers.get("allow") == "POST", f"{status} {headers} {body[:120]}")

    # Media types and status codes.
    status, _, _ = post({"query": "{ __typename }"}, {"Accept": "text/html"})
    check("unacceptable Accept is 406", status == 406, status)
    status, headers, _ = post({"query": "{ __typename }"}, {"Accept": "application/json;q=0.5, application/graphql-response+json"})
    check("q-values pick graphql-response+json", status == 200 and headers.get("content-type") == "application/graphql-response+json; charset=utf-8", headers)
    status, headers, _ = post({"query": "{ __typename }"}, {"Accept": "*/*"})
    check("*/* gets application/json with charset", headers.get("content-type") == "application/json; charset=utf-8", headers)
    status, _, _ = post({"query": "{ nope }"}, {"Accept": "application/graphql-response+json"})
    check("validation error is 400 for graphql-response+json", status == 400, status)
    status, _, body = post({"query": "{ nope }"}, {"Accept": "application/json"})
    check("validation error is 200 for application/json", status == 200 and b"GRAPHQL_VALIDATION_FAILED" in body, status)
    status, _, _ = post({"query": "{ listSheetMusic(limit: 0) { totalCount } }"}, {"Accept": "application/graphql-response+json"})
    check("field error with data is 200", status == 200, status)
    status, _, _ = post(None, raw=b"{not json")
    check("bad JSON is 400", status == 400, status)
    status, _, _ = post({"variables": {}})
    check("missing query is 400", status == 400, status)
    status, _, _ = call("POST", "/graphql", b"{}", {"Content-Type": "text/plain"})
    check("simple POST without preflight header is blocked (CSRF)", status == 400, status)
    status, _, _ = call("POST", "/graphql", b"{}", {"Content-Type": "text/plain", "apollo-require-preflight": "1"})
    check("non-JSON POST is 415", status == 415, status)
    status, _, _ = call("POST", "/graphql", b"x" * (2 << 20), {"Content-Type": "application/json"})
    check("2 MB body is 413", status == 413, status)
    status, _, body = call("GET", "/graphql?query=%7B__typename%7D", None, {"Accept": "application/json"})
    check("GET without preflight header is blocked (CSRF)", status == 400 and b"cross-site" in body, f"{status} {body[:100]}")

    # Caching of public data.
    query = {"query": "{ listSheetMusic(limit: 3) { totalCount edges { node { title } } } }"}
    status, headers, body = get(query)
    tag = headers.get("etag", "")
    check("public GET is cacheable with a strong ETag", status == 200 and headers.get("cache-control") == "public, max-age=60" and re.fullmatch(r'"[0-9a-f]{32}"', tag), headers)
    status, headers, body = get(query, {"If-None-Match": tag})
    check("If-None-Match answers 304", status == 304 and body == b"", f"{status} {headers}")
    status, headers, _ = post(query)
    check("POST is private, no-store", headers.get("cache-control") == "private, no-store", headers)

    # Automatic persisted queries, registered by POST and then used over GET by hash alone.
    import hashlib
    apq = "{ listSheetMusic(limit: 2) { totalCount } }"
    digest = hashlib.sha256(apq.encode()).hexdigest()
    extension = json.dumps({"persistedQuery": {"version": 1, "sha256Hash": digest}})
    status, _, body = get({"extensions": extension})
    check("unknown persisted query", b"PERSISTED_QUERY_NOT_FOUND" in body, body[:200])
    # Apollo's links switch APQ off for good on a 400: it is 200 under the new media type too.
    status, headers, body = get({"extensions": extension}, {"Accept": "application/graphql-response+json"})
    check("unknown persisted query is 200 under graphql-response+json", status == 200 and b"PERSISTED_QUERY_NOT_FOUND" in body,
          f"{status} {body[:200]}")
    check("an unknown persisted query is not cached", "no-store" in headers.get("cache-control", ""), headers)
    post({"query": apq, "extensions": json.loads(extension)})
    status, headers, body = get({"extensions": extension})
    check("persisted query over GET by hash", status == 200 and json.loads(body).get("data") == {"listSheetMusic": {"totalCount": 109}}, body[:200])

    # Batching, request ids.
    status, headers, body = post([{"query": "{ __typename }"}, {"query": "{ listSheetMusic(limit: 1) { totalCount } }"}], {"X-Request-ID": "e2e-1"})
    check("batched POST answers an array", status == 200 and isinstance(json.loads(body), list) and len(json.loads(body)) == 2, body[:200])
    check("X-Request-ID is echoed", headers.get("x-request-id") == "e2e-1", headers)

    # CORS.
    status, headers, _ = call("OPTIONS", "/graphql", None, {"Origin": ORIGIN, "Access-Control-Request-Method": "POST"})
    check("preflight of an allowed origin", status == 204 and headers.get("access-control-allow-origin") == ORIGIN and "POST" in headers.get("access-control-allow-methods", ""), headers)
    status, headers, _ = call("OPTIONS", "/graphql", None, {"Origin": "https://evil.example"})
    check("preflight of another origin gets no CORS headers", "access-control-allow-origin" not in headers, headers)

    # The session cookie: set on sign-in, read back, cleared on sign-out; body headers are ignored.
    post({"query": 'mutation { requestMagicLink(email: "cookie@example.com") { success } }'})
    token = serving.magic_token(binary, env, "cookie@example.com")
    status, headers, body = post({"query": 'mutation($t: String!) { verifyMagicLink(token: $t) { user { email } } }', "variables": {"t": token}})
    cookie = headers.get("set-cookie", "")
    check("sign-in sets an HttpOnly Secure SameSite=Lax cookie", all(flag in cookie for flag in ["mirubato_session=", "HttpOnly", "Secure", "SameSite=Lax", "Max-Age=900"]), cookie)
    session = cookie.split(";")[0]
    status, headers, body = post({"query": "{ me { email } }"}, {"Cookie": session})
    check("the cookie signs requests in", json.loads(body).get("data", {}).get("me", {}).get("email") == "cookie@example.com", body[:200])
    status, headers, body = post({"query": "{ me { email } }", "headers": {"cookie": session}})
    check("headers inside an HTTP body are ignored", json.loads(body).get("data", {}).get("me") is None, body[:200])
    status, headers, body = post({"query": "mutation { logout { success } }"}, {"Cookie": session})
    check("sign-out clears the cookie", "Max-Age=0" in headers.get("set-cookie", ""), headers)

    # Concurrent writes: none fails (no "database is locked"), every acknowledged log is stored.
    import threading
    bearer = {"Authorization": "Bearer " + serving.sign_in(PORT, binary, env, "writer@example.com")}
    # With the seed test hook, both workers draw ids from one stream: per-worker streams gave the
    # second worker's first new user the first worker's id (UNIQUE constraint failed: users.id).
    signed = []
    for index in range(6):
        try:
            signed.append(bool(serving.sign_in(PORT, binary, env, f"seeded{index}@example.com")))
        except Exception as error:
            signed.append(repr(error))
    check("six sign-ins in a row on two seeded workers all succeed", signed == [True] * 6, signed)
    outcomes = []
    def writer(index):
        for n in range(15):
            _, _, answer = post({"query": "mutation($id: ID!) { createPracticeLog(input: {id: $id, activityType: SCALES, durationSeconds: 60}) { id } }",
                                 "variables": {"id": f"w{index:02d}n{n:02d}" + "x" * 15}}, bearer)
            outcomes.append(json.loads(answer))
    threads = [threading.Thread(target=writer, args=(i,)) for i in range(8)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    errors = [o for o in outcomes if "errors" in o]
    stored = stored_count(env, "practice_logs")
    check("120 concurrent creates all succeed and are stored", len(outcomes) == 120 and not errors and stored == 120, f"{errors[:2]} stored={stored}")

    # Subscriptions over Server-Sent Events: a session's changes arrive in order, within a second.
    import http.client
    started = json.loads(post({"query": "mutation { startPracticeSession(input: {instrument: PIANO}) { id } }"}, bearer)[2])
    session_id = started["data"]["startPracticeSession"]["id"]
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    connection.request("POST", "/graphql/stream", json.dumps({
        "query": "subscription($id: ID!) { practiceSessionUpdated(sessionId: $id) { id status } }", "variables": {"id": session_id}}),
        dict(bearer, **{"Content-Type": "application/json", "Accept": "text/event-stream"}))
    stream = connection.getresponse()
    check("subscription answers text/event-stream", stream.status == 200 and stream.getheader("content-type", "").startswith("text/event-stream"), stream.status)
    def next_status():
        while True:
            line = stream.fp.readline().decode().strip()
            if line.startswith("data: "):
                return json.loads(line[6:])["data"]["practiceSessionUpdated"]["status"]
    latencies, statuses = [], []
    for verb in ["pause", "resume"]:
        sent = time.time()
        post({"query": f"mutation($id: ID!) {{ {verb}PracticeSession(sessionId: $id) {{ status }} }}", "variables": {"id": session_id}}, bearer)
        statuses.append(next_status())
        latencies.append(time.time() - sent)
    check("events arrive in order within a second", statuses == ["PAUSED", "IN_PROGRESS"] and max(latencies) < 1, f"{statuses} {latencies}")
    connection.close()
    status, _, _ = call("POST", "/graphql/stream", json.dumps({"query": "subscription { achievementUnlocked { id } }"}).encode(),
                        {"Content-Type": "application/json", "Accept": "text/event-stream"})
    check("anonymous subscription is 401", status == 401, status)

    # A dead server process is replaced by the supervisor; the service comes back.
    handler_pid = int(open(f"{work}/main/run/handler.pid").read())
    children = subprocess.run(["pgrep", "-P", str(handler_pid)], capture_output=True, text=True).stdout.split()
    if children:
        os.kill(int(children[0]), signal.SIGKILL)
    deadline = time.time() + 20
    recovered = False
    while time.time() < deadline and not recovered:
        try:
            recovered = post({"query": "{ __typename }"})[0] == 200
        except OSError:
            time.sleep(0.2)
    check("service resumes after the server process is killed", bool(children) and recovered, children)

    # Metrics from loopback; a CGI process answers one request, so it keeps no counters.
    post({"query": 'mutation { requestMagicLink(email: "metrics@example.com") { success } }'})  # a write of the new process
    status, headers, body = call("GET", "/metrics")
    if CGI:
        check("no metrics under CGI", status == 404, status)
    else:
        check("metrics in Prometheus text", status == 200 and b"mirubato_requests_total{" in body and b"mirubato_request_duration_seconds_count" in body, body[:200])
        if not os.environ.get("MIRUBATO_TEST_POSTGRES"):
            # The server process was killed above: these count the new one's writes.
            tally = {name: int(value) for name, value in re.findall(rb"^mirubato_sqlite_(write_transactions|commits)_total (\d+)$", body, re.M)}
            check("SQLite writes and their commits counted", 0 < tally.get(b"commits", 0) <= tally.get(b"write_transactions", 0), tally)

    # Unknown paths.
    check("unknown path is 404", call("GET", "/nope")[0] == 404)
except Exception as error:  # a hang or a crash is a failure with the logs kept, not a traceback
    failed.append(f"e2e stopped: {error!r}")
finally:
    stop_server(server)
    if not failed:
        shutil.rmtree(work, ignore_errors=True)

for failure in failed:
    print("FAILED", failure)
if failed:
    print(f"(logs in {work})")
    for log in ("main/serve.log", "main/run/nginx-error.log"):
        if os.path.exists(f"{work}/{log}"):
            print(f"--- {log}")
            print(open(f"{work}/{log}").read()[-3000:])
report.finish(("HTTP (CGI)" if CGI else "HTTP") + (" on PostgreSQL + Redis" if POSTGRES else ""))
