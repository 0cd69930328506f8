#!/usr/bin/env python3
"""Throughput through nginx + FastCGI with wrk (10 s, 2 threads, 32 connections by default).

Usage: Benchmarks/http_wrk.py [PATH/TO/mirubato] [SECONDS]
Starts `scripts/serve` on free loopback ports with a fresh seeded database, signs a user in and
gives them 20 sessions of 3 logs, runs wrk for each operation of `OPERATIONS`, prints a table
(req/s, p50, p99, ratio to `{ __typename }`), and stops everything it started.
"""
import json, os, re, sqlite3, subprocess, sys, tempfile, urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import serving  # noqa: E402

# The operations of every benchmark (the in-process ones use the same names and queries).
OPERATIONS = [
    ("{ __typename }", "{ __typename }", False),
    ("me", "{ me { id email displayName primaryInstrument preferences { theme timeZone } } }", True),
    ("listSheetMusic(limit: 20)", "{ listSheetMusic(limit: 20) { totalCount edges { cursor node { id title composer instrument difficulty metadata { opus catalogNumber difficultyLevel keySignature tags } } } } }", False),
    ("myPracticeSessions(limit: 20) + logs", "{ myPracticeSessions(limit: 20) { totalCount edges { node { id status durationSeconds accuracy logs { id activityType durationSeconds } } } } }", True),
    ("myProgress", "{ myProgress { level } }", True),
    ("createPracticeLog", "mutation { createPracticeLog(input: {activityType: SCALES, durationSeconds: 300, tempoPracticed: 96}) { id } }", True),
]


def measure(binary, seconds="10"):
    """Runs wrk for each operation; answers rows of (name, req/s, p50, p99, non-2xx)."""
    work = tempfile.mkdtemp(prefix="mirubato-bench-")
    environment = dict(os.environ, MIRUBATO_DB=f"{work}/mirubato.db", MIRUBATO_KV=f"{work}/kv.db", MIRUBATO_ENV="development",
                       MIRUBATO_RATE_REQUESTS="1000000000/60", MIRUBATO_RATE_MAGIC_CLIENT="1000/60")
    subprocess.run([binary, "seed"], env=environment, check=True, capture_output=True)
    server, port, env = serving.start(work, binary, environment)

    def post(query, token=None, variables=None):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = "Bearer " + token
        payload = {"query": query, "variables": variables or {}}
        request = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", json.dumps(payload).encode(), headers)
        return json.load(urllib.request.urlopen(request, timeout=10))

    try:
        post('mutation { requestMagicLink(email: "bench@example.com") { success } }')
        magic = serving.magic_token(binary, env, "bench@example.com")
        token = post("mutation($t: String!) { verifyMagicLink(token: $t) { accessToken } }", variables={"t": magic})["data"]["verifyMagicLink"]["accessToken"]
        for index in range(20):
            session = post("mutation { startPracticeSession(input: {instrument: PIANO}) { id } }", token)["data"]["startPracticeSession"]["id"]
            for _ in range(3):
                post(f'mutation {{ createPracticeLog(input: {{sessionId: "{session}", activityType: SCALES, durationSeconds: {60 + index}}}) {{ id }} }}', token)
            post(f'mutation {{ completePracticeSession(input: {{sessionId: "{session}"}}) {{ id }} }}', token)
        rows = []
        for name, query, signed in OPERATIONS:
            script = f"{work}/op.lua"
            headers = 'wrk.headers["Content-Type"] = "application/json"\n'
            if signed:
                headers += f'wrk.headers["Authorization"] = "Bearer {token}"\n'
            with open(script, "w") as handle:
                handle.write('wrk.method = "POST"\n' + headers + f"wrk.body = {json.dumps(json.dumps({'query': query}))}\n")
            out = subprocess.run(["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", "-s", script, f"http://127.0.0.1:{port}/graphql"],
                                 capture_output=True, text=True).stdout
            rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
            p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)
            p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)
            non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            rows.append((name, rate, p50, p99, int(non2xx.group(1)) if non2xx else 0))
        return rows
    finally:
        serving.stop(server)


if __name__ == "__main__":
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/release/mirubato"))
    seconds = sys.argv[2] if len(sys.argv) > 2 else "10"
    rows = measure(binary, seconds)
    base = rows[0][1]
    print(f"wrk -t2 -c32 -d{seconds}s, nginx + FastCGI, {binary}")
    print("| operation | req/s | p50 | p99 | non-2xx | ratio to `{ __typename }` |")
    print("|---|---|---|---|---|---|")
    for name, rate, p50, p99, bad in rows:
        print(f"| `{name}` | {rate:,.0f} | {p50} | {p99} | {bad} | {rate / base:.2f} |")
