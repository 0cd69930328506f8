#!/usr/bin/env python3
"""Writes on PostgreSQL + Redis, one host, all for one user (issue 30's worst case): each given
binary in turn on its own fresh PostgreSQL and Redis, behind the same nginx + FastCGI (the
serve script's default workers, `serving.DEFAULT_WORKERS`), wrk -t2 -c32 on `{ __typename }`
(the request budget's cost alone), `createPracticeLog` and `myProgress`. Prints
req/s, p50, p99, non-2xx, and the transactions the server ran again (`/metrics`,
`mirubato_transaction_retries_total`; a binary without that counter prints "n/a").

Then PostgreSQL's floor for each of the two operations on that server (Benchmarks/pgbench_floor.py):
the statements one request sent (the one after a first, as in wrk's run: a read then answers from
the KV cache), replayed by pgbench at as many clients as the handler holds connections (its workers) and 32
(wrk's), one by one and pipelined; and the handler's req/s as a ratio to them. The
issue's targets: `createPracticeLog` at least 0.8 and `myProgress` at least 0.5 of the 2-client
replay of its statements at the handler's connections, and no non-2xx or retry.

Usage: Benchmarks/postgres_writes.py SECONDS BINARY [BINARY ...]
Give the binary before a change and after it to compare them in one run.
"""
import os, re, sys, tempfile, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import http_wrk, pgbench_floor, serving  # noqa: E402 (http_wrk puts scripts/ on the path)
from http_wrk import wrk  # noqa: E402

seconds = sys.argv[1]
binaries = [os.path.abspath(path) for path in sys.argv[2:]]
CREATE = next(query for name, query, _ in http_wrk.OPERATIONS if name == "createPracticeLog")
environment = dict(os.environ, MIRUBATO_ENV="development", MIRUBATO_RATE_REQUESTS="1000000000/60", MIRUBATO_RATE_MAGIC_CLIENT="1000/60",
                   MIRUBATO_JWT_SECRET="bench-secret-shared-by-every-host-0123456789", MIRUBATO_DATA_KEY="0123456789abcdef" * 4,
                   MIRUBATO_REMIND="off")
PROGRESS = "{ myProgress { level currentStreak } }"
# The operations with their floors: (name, query, the table whose new row's id each replay draws).
FLOORED = [("createPracticeLog", CREATE, "practice_logs"), ("myProgress", PROGRESS, None)]
TARGETS = {"createPracticeLog": 0.8, "myProgress": 0.5}
WORKERS = serving.DEFAULT_WORKERS  # the connections the handler holds to PostgreSQL
print(f"wrk -t2 -c32 -d{seconds}s through nginx + FastCGI ({WORKERS} workers), PostgreSQL 15 (commits flushed, not synced) + Redis 7, one user")
print("| binary | operation | requests/s | p50 | p99 | non-2xx | transactions run again |")
print("|---|---|---|---|---|---|---|")
floors = []
for binary in binaries:
    work = tempfile.mkdtemp(prefix="mirubato-pg-writes-")
    os.chmod(work, 0o711)  # PostgreSQL runs as its own user under root
    with http_wrk.one_host_on_postgres(binary, environment, work) as (port, env):
        token = http_wrk.sign_in_with_history(binary, port, env)
        rates = {}
        for name, query in [("{ __typename }", "{ __typename }"), ("createPracticeLog", CREATE), ("myProgress", PROGRESS)]:
            result = wrk(f"http://127.0.0.1:{port}/graphql", query, token, seconds, work)
            rates[name] = result
            metrics = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
            found = re.search(r"^mirubato_transaction_retries_total (\d+)", metrics, re.M)
            print(f"| `{os.path.basename(binary)}` | `{name}` | {result.rate:,.0f} | {result.p50} | {result.p99} | {result.non2xx} | "
                  f"{found.group(1) if found else 'n/a'} |")
        for name, query, table in FLOORED:
            # A read as wrk sent it: after the first answer, which fills the KV cache.
            http_wrk.post(port, query, token)
            statements = pgbench_floor.capture(f"{work}/postgres", env["MIRUBATO_DB"], lambda: http_wrk.post(port, query, token))
            unique = pgbench_floor.inserted_id(statements, table) if table else None
            replays = {(clients, piped): pgbench_floor.replay(env["MIRUBATO_DB"], statements, clients, seconds, unique, piped)
                       for clients in (WORKERS, 32) for piped in (False, True)}
            floors.append((os.path.basename(binary), name, len(statements), rates[name], replays))
print()
print(f"PostgreSQL's floor: the statements of one request (captured from the server's log), replayed by pgbench -M prepared "
      f"-T{seconds} on the same server after wrk; transactions/s, one by one and pipelined (\\startpipeline)")
print(f"| binary | operation | statements | handler req/s | pgbench {WORKERS} clients | pipelined | 32 clients | pipelined | "
      f"ratio to {WORKERS} clients | ratio to pipelined | target |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for binary, name, count, result, replays in floors:
    ratio, piped = result.rate / replays[(WORKERS, False)], result.rate / replays[(WORKERS, True)]
    verdict = "met" if ratio >= TARGETS[name] and result.non2xx == 0 else "not met"
    print(f"| `{binary}` | `{name}` | {count} | {result.rate:,.0f} | {replays[(WORKERS, False)]:,.0f} | {replays[(WORKERS, True)]:,.0f} | "
          f"{replays[(32, False)]:,.0f} | {replays[(32, True)]:,.0f} | {ratio:.2f} | {piped:.2f} | ≥ {TARGETS[name]} of {WORKERS} clients: {verdict} |")
