#!/usr/bin/env python3
"""Hostile clients through the real nginx: every request's work is bounded before it is done.

Usage: hostile_e2e.py PATH/TO/mirubato
Each check is an attack from issue 15, sent as an attacker would over HTTP on loopback against
the default deployment (4 workers). Where time is the point, the bound is loose (3 s, against
10 s and more before the fixes), so a slow machine does not fail it; the timings themselves
are a benchmark's business (`make fairness`). Prints
"N passed, M failed"; exit status 1 when anything failed.
"""
import hashlib, json, os, re, sqlite3, subprocess, sys, tempfile, time, urllib.error, urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import serving  # noqa: E402
from checklist import Checklist  # noqa: E402

binary = os.path.abspath(sys.argv[1])
work = tempfile.mkdtemp(prefix="mirubato-hostile-")
ENV = dict(os.environ, MIRUBATO_ENV="test", MIRUBATO_JWT_SECRET="test-secret-for-hostile-tests-0123456789",
           MIRUBATO_DATA_KEY="0123456789abcdef" * 4, MIRUBATO_RATE_REQUESTS="40/60", MIRUBATO_RATE_MAGIC_CLIENT="3/3600")
report = Checklist()
check, failed = report.check, report.failed


def post(payload, headers=None):
    """POSTs a GraphQL request; answers (status, headers, body, seconds)."""
    base = {"Content-Type": "application/json", "Accept": "application/json"}
    base.update(headers or {})
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}/graphql", data=json.dumps(payload).encode(), method="POST", headers=base)
    started = time.time()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict((k.lower(), v) for k, v in response.getheaders()), json.loads(response.read()), time.time() - started
    except urllib.error.HTTPError as error:
        return error.code, dict((k.lower(), v) for k, v in error.headers.items()), json.loads(error.read() or b"null"), time.time() - started


def codes(body):
    return [e.get("extensions", {}).get("code") for e in (body or {}).get("errors", [])] if isinstance(body, dict) else []


# Under scripts/backends.py: a PostgreSQL database and Redis namespaces of this run. Rate budgets
# live in the KV cache, so each server below gets a KV cache of its own (fresh budgets).
database, _ = serving.stores(work, "hostile")
ENV["MIRUBATO_DB"] = database


def serve(phase, environment=ENV):
    kv = serving.kv_store(work, f"hostile_{phase}")
    process, port, _ = serving.start(work, binary, environment, database=database, kv=kv)
    return process, port, kv


subprocess.run([binary, "seed"], env=dict(ENV, MIRUBATO_KV=serving.kv_store(work, "hostile_seed")), check=True, capture_output=True)
process, PORT, _ = serve("first")
try:
    # 1. Fragment-cycle bomb: 10 fragments each spreading all the others.
    n = 10
    fragments = " ".join(f"fragment F{i} on Query {{ " + " ".join(f"...F{j}" for j in range(n) if j != i) + " }" for i in range(n))
    status, _, body, seconds = post({"query": "query { ...F0 } " + fragments})
    check("fragment-cycle bomb is refused fast", "GRAPHQL_VALIDATION_FAILED" in codes(body) and seconds < 3, f"{codes(body)} in {seconds:.2f} s")
    # A DAG that doubles at each level: linear to check, refused for its expanded cost.
    chain = " ".join(f"fragment D{i} on Query {{ ...D{i + 1} ...D{i + 1} }}" for i in range(30)) + " fragment D30 on Query { __typename }"
    status, _, body, seconds = post({"query": "query { ...D0 } " + chain})
    check("exponential fragment expansion is refused fast", "QUERY_TOO_COMPLEX" in codes(body) and seconds < 3, f"{codes(body)} in {seconds:.2f} s")

    # 2. Limits apply to the whole document, whatever operationName says.
    wide = "query A { " + " ".join(f"a{i}: __typename" for i in range(10000)) + " }"
    for label, payload in [("unknown operationName", {"query": wide, "operationName": "Nope"}),
                           ("several operations, no name", {"query": wide + " query B { __typename }"})]:
        status, _, body, seconds = post(payload)
        check(f"limits with {label}", codes(body) == ["QUERY_TOO_COMPLEX"] and seconds < 3, f"{codes(body)} in {seconds:.2f} s")

    # 10. + 3. The budget (40 per minute here) is spent before anything else, per client address
    # when the token is invalid, and a denial is 429 with Retry-After.
    bad_token = {"Authorization": "Bearer not.a.token"}
    answers = [post({"query": "{ __typename }"}, bad_token) for _ in range(45)]
    limited = [a for a in answers if "RATE_LIMITED" in codes(a[2])]
    check("an invalid token does not escape the limit", len(limited) >= 1, [codes(a[2]) for a in answers[-3:]])
    if limited:
        status, headers, body, _ = limited[0]
        said = str((body.get("errors") or [{}])[0].get("extensions", {}).get("retryAfter"))
        check("RATE_LIMITED is 429 with the error's Retry-After", status == 429 and headers.get("retry-after") == said, f"{status} {headers} {said}")
    status, _, body, seconds = post({"query": "{ nope }"}, bad_token)
    check("an over-budget client gets RATE_LIMITED, not validation work", codes(body) == ["RATE_LIMITED"], codes(body))
finally:
    serving.stop(process)

# A fresh server (fresh budgets) for the rest.
# 4. A costly request is admitted by its estimate and charged its answer's actual cost (one unit
# per 1,000), as Shopify's API does: with 60 per minute, a page of 100 pieces with their notes,
# estimated near 40 units and answering about a third of that, is admitted while its estimate
# fits what is left, and each admission spends 1 + its actual units.
process, PORT, _ = serve("cost", dict(ENV, MIRUBATO_RATE_REQUESTS="60/60"))
try:
    costly = "{ listSheetMusic(limit: 100) { edges { node { title measures { notes { keys duration offset } } } } } }"
    answers = []
    while len(answers) < 10:
        answers.append(post({"query": costly}))
        if codes(answers[-1][2]):
            break
    cost = answers[0][2].get("extensions", {}).get("cost", {})
    requested, actual = cost.get("requested", 0) // 1000, cost.get("actual", 0) // 1000
    admitted, spent = 0, 0
    while spent + 1 + requested <= 60:
        admitted, spent = admitted + 1, spent + 1 + actual
    check("the answer reports a smaller actual cost than its estimate", 0 < actual < requested, cost)
    check("the rate limit admits by the estimate and charges the actual cost",
          [codes(a[2]) for a in answers] == [[]] * admitted + [["RATE_LIMITED"]] and admitted >= 2,
          f"{[codes(a[2]) for a in answers]}, expected {admitted} admitted with {cost}")
finally:
    serving.stop(process)

process, PORT, KV = serve("last", dict(ENV, MIRUBATO_RATE_REQUESTS="1000000/60", MIRUBATO_REQUEST_TIMEOUT_MS="500"))
try:
    # 5. One time limit per HTTP request: a batch of 50 heavy operations shares it.
    heavy = "{ listSheetMusic(limit: 100) { edges { node { title measures { number clef } } } } }"
    status, _, body, seconds = post([{"query": heavy}] * 50)
    timed_out = sum(1 for answer in body if "TIMEOUT" in codes(answer)) if isinstance(body, list) else 0
    check("a batch shares one time limit", isinstance(body, list) and len(body) == 50 and seconds < 3 and timed_out > 0,
          f"{seconds:.2f} s, {timed_out} of 50 timed out")

    # 10. A rate-limited field (magic links: 3 per client address here) is 429 too, under both media types.
    for media in ["application/json", "application/graphql-response+json"]:
        answers = [post({"query": f'mutation {{ requestMagicLink(email: "m{i}@example.com") {{ success }} }}'}, {"Accept": media})
                   for i in range(4)]
        status, headers, body, _ = answers[-1]
        said = str(next((e.get("extensions", {}).get("retryAfter") for e in body.get("errors", []) if "retryAfter" in e.get("extensions", {})), None))
        check(f"a rate-limited field is 429 with its Retry-After ({media})", status == 429 and "RATE_LIMITED" in codes(body)
              and headers.get("retry-after") == said, f"{status} {codes(body)} {headers.get('retry-after')} {said}")

    # 4. Cost follows the data: 200 aliases of a 100-item page with its notes are refused before
    # any work, with the cost they would have had; every answer reports its cost.
    bomb = "{ " + " ".join(f"a{i}: listSheetMusic(limit: 100) {{ edges {{ node {{ measures {{ notes {{ keys }} }} }} }} }}" for i in range(200)) + " }"
    status, _, body, seconds = post({"query": bomb})
    cost = ((body or {}).get("errors") or [{}])[0].get("extensions", {}).get("cost", {})
    check("a costly alias bomb is refused at once", codes(body) == ["QUERY_TOO_COMPLEX"] and seconds < 3 and cost.get("requested", 0) > cost.get("limit", 1),
          f"{codes(body)} {cost} in {seconds:.2f} s")
    status, _, body, _ = post({"query": "{ listSheetMusic(limit: 3) { totalCount edges { node { id } } } }"})
    check("every answer reports its estimated and actual cost", body.get("extensions", {}).get("cost") == {"requested": 9, "actual": 9, "limit": 300000}, body)
    status, _, body, _ = post({"query": "{ listSheetMusic(limit: 3, filter: {search: \"no such piece anywhere\"}) { totalCount edges { node { id } } } }"})
    check("the actual cost counts what was answered", body.get("extensions", {}).get("cost") == {"requested": 9, "actual": 3, "limit": 300000}, body)

    # 7. Persisted queries store only documents that parsed and validated.
    junk = "x" * 200_000
    digest = hashlib.sha256(junk.encode()).hexdigest()
    post({"query": junk, "extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}}})
    valid = "{ __typename }"
    post({"query": valid, "extensions": {"persistedQuery": {"version": 1, "sha256Hash": hashlib.sha256(valid.encode()).hexdigest()}}})
    if KV.startswith("unix:"):
        stored = [key.split(":", 1)[1] for key in serving.redis_cli(KV, "--scan", "--pattern", "hostile_last:apq:*").stdout.split()]
    else:
        with sqlite3.connect(KV) as kv:
            stored = [row[0] for row in kv.execute("SELECT key FROM kv WHERE key LIKE 'apq:%'")]
    check("junk is not stored as a persisted query", f"apq:{digest}" not in stored, stored)
    check("a valid persisted query is stored", f"apq:{hashlib.sha256(valid.encode()).hexdigest()}" in stored, stored)

    # 12. NUL and other control characters are refused, not cut.
    status, _, body, _ = post({"query": 'mutation { requestMagicLink(email: "a\\u0000@example.com") { success } }'})
    check("a NUL in an e-mail address is refused", "BAD_USER_INPUT" in codes(body), body)
    # PostgreSQL cannot hold U+0000 (libpq cuts a value at it): refused alike on both engines,
    # in literals and in variables, so "f\0zzzz" never searches for "f" and "ID\0junk" never finds ID.
    status, _, body, _ = post({"query": '{ listSheetMusic(filter: {search: "f\\u0000zzzz"}) { totalCount } }'})
    check("a NUL in a search literal is refused, not cut", codes(body) == ["BAD_USER_INPUT"] and body.get("data") is None, body)
    piece = post({"query": "{ listSheetMusic(limit: 1) { edges { node { id } } } }"})[2]["data"]["listSheetMusic"]["edges"][0]["node"]["id"]
    status, _, body, _ = post({"query": "query($id: ID!) { sheetMusic(id: $id) { id } }", "variables": {"id": piece + "\u0000junk"}})
    check("a NUL in an ID variable is refused, not cut", codes(body) == ["BAD_USER_INPUT"] and body.get("data") is None
          and body["errors"][0].get("extensions", {}).get("field") == "id", body)

    # 13. The handler listens on a Unix socket only its owner can reach, not on a TCP port.
    import stat
    socket_path = f"{work}/run/fastcgi.sock"
    mode = os.stat(socket_path).st_mode if os.path.exists(socket_path) else 0
    check("the FastCGI listener is an owner-only Unix socket", stat.S_ISSOCK(mode) and mode & 0o777 == 0o600, oct(mode))

    # 13. Every answer says nosniff.
    for path in ["/graphql?query=%7B__typename%7D", "/healthz", "/nope"]:
        request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers={"Accept": "application/json", "apollo-require-preflight": "1"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                headers = dict((k.lower(), v) for k, v in response.getheaders())
        except urllib.error.HTTPError as error:
            headers = dict((k.lower(), v) for k, v in error.headers.items())
        check(f"nosniff on {path}", headers.get("x-content-type-options") == "nosniff", headers)
        if "html" in headers.get("content-type", ""):
            check(f"a restrictive CSP on the HTML of {path}", "default-src 'none'" in headers.get("content-security-policy", ""), headers)
finally:
    serving.stop(process)

report.finish("hostile clients")
