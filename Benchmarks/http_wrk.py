#!/usr/bin/env python3
"""Throughput through nginx + FastCGI with wrk (10 s, 2 threads, 32 connections by default).

Usage: Benchmarks/http_wrk.py [PATH/TO/mirubato] [SECONDS]
Starts `scripts/serve` on free loopback ports with a fresh seeded database, signs a user in,
runs wrk for each operation, prints a table (req/s, p50, p99, ratio to `{ __typename }`),
and stops everything it started.
"""
import json, os, re, sqlite3, subprocess, sys, tempfile, urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import serving  # noqa: E402
binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/release/mirubato"))
seconds = sys.argv[2] if len(sys.argv) > 2 else "10"


work = tempfile.mkdtemp(prefix="mirubato-bench-")
environment = dict(os.environ, MIRUBATO_DB=f"{work}/mirubato.db", MIRUBATO_KV=f"{work}/kv.db", MIRUBATO_ENV="development",
                   MIRUBATO_RATE_REQUESTS="1000000000/60", MIRUBATO_RATE_MAGIC_CLIENT="1000/60")
subprocess.run([binary, "seed"], env=environment, check=True, capture_output=True)
server, port, env = serving.start(work, binary, environment)


def post(payload, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", json.dumps(payload).encode(), headers)
    return json.load(urllib.request.urlopen(request, timeout=10))


try:
    post({"query": 'mutation { requestMagicLink(email: "bench@example.com") { success } }'})
    body = sqlite3.connect(env["MIRUBATO_DB"]).execute("SELECT body FROM email_outbox").fetchone()[0]
    magic = re.search(r"token=([A-Za-z0-9_-]+)", body).group(1)
    verified = post({"query": "mutation($t: String!) { verifyMagicLink(token: $t) { accessToken } }", "variables": {"t": magic}})
    token = verified["data"]["verifyMagicLink"]["accessToken"]
    operations = [
        ("{ __typename }", {"query": "{ __typename }"}, None),
        ("listSheetMusic(limit: 20)", {"query": "{ listSheetMusic(limit: 20) { totalCount edges { node { id title composer instrument difficulty } } } }"}, None),
        ("me", {"query": "{ me { id email displayName primaryInstrument } }"}, token),
        ("createPracticeLog", {"query": "mutation { createPracticeLog(input: {activityType: SCALES, durationSeconds: 300, tempoPracticed: 96}) { id } }"}, token),
    ]
    rows = []
    for name, payload, auth in operations:
        script = f"{work}/op.lua"
        headers = 'wrk.headers["Content-Type"] = "application/json"\n'
        if auth:
            headers += f'wrk.headers["Authorization"] = "Bearer {auth}"\n'
        with open(script, "w") as handle:
            handle.write('wrk.method = "POST"\n' + headers + f"wrk.body = {json.dumps(json.dumps(payload))}\n")
        out = subprocess.run(["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", "-s", script, f"http://127.0.0.1:{port}/graphql"],
                             capture_output=True, text=True).stdout
        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)
        p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)
        non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        rows.append((name, rate, p50, p99, int(non2xx.group(1)) if non2xx else 0))
    base = rows[0][1]
    print(f"wrk -t2 -c32 -d{seconds}s, nginx + FastCGI (2 worker threads), {binary}")
    print(f"| operation | req/s | p50 | p99 | non-2xx | ratio to {{ __typename }} |")
    print("|---|---|---|---|---|---|")
    for name, rate, p50, p99, bad in rows:
        print(f"| `{name}` | {rate:,.0f} | {p50} | {p99} | {bad} | {rate / base:.2f} |")
finally:
    serving.stop(server)
