#!/usr/bin/env python3
"""Writes on PostgreSQL + Redis, one host, all for one user (issue 30's worst case): each given
binary in turn on its own fresh PostgreSQL and Redis, behind the same nginx + FastCGI (2
workers), wrk -t2 -c32 on `{ __typename }` (the request budget's cost alone), `createPracticeLog`
and `myProgress`. Prints
req/s, p50, p99, non-2xx, and the transactions the server ran again (`/metrics`,
`mirubato_transaction_retries_total`; a binary without that counter prints "n/a").

Usage: Benchmarks/postgres_writes.py SECONDS BINARY [BINARY ...]
Give the binary before a change and after it to compare them in one run.
"""
import os, re, sys, tempfile, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import http_wrk  # noqa: E402
from http_wrk import wrk  # noqa: E402

seconds = sys.argv[1]
binaries = [os.path.abspath(path) for path in sys.argv[2:]]
CREATE = next(query for name, query, _ in http_wrk.OPERATIONS if name == "createPracticeLog")
environment = dict(os.environ, MIRUBATO_ENV="development", MIRUBATO_RATE_REQUESTS="1000000000/60", MIRUBATO_RATE_MAGIC_CLIENT="1000/60",
                   MIRUBATO_JWT_SECRET="bench-secret-shared-by-every-host-0123456789", MIRUBATO_DATA_KEY="0123456789abcdef" * 4,
                   MIRUBATO_REMIND="off")
print(f"wrk -t2 -c32 -d{seconds}s through nginx + FastCGI (2 workers), PostgreSQL 15 (commits flushed, not synced) + Redis 7, one user")
print("| binary | operation | requests/s | p50 | p99 | non-2xx | transactions run again |")
print("|---|---|---|---|---|---|---|")
for binary in binaries:
    work = tempfile.mkdtemp(prefix="mirubato-pg-writes-")
    os.chmod(work, 0o711)  # PostgreSQL runs as its own user under root
    with http_wrk.one_host_on_postgres(binary, environment, work) as (port, env):
        token = http_wrk.sign_in_with_history(binary, port, env)
        for name, query in [("{ __typename }", "{ __typename }"), ("createPracticeLog", CREATE),
                            ("myProgress", "{ myProgress { level currentStreak } }")]:
            result = wrk(f"http://127.0.0.1:{port}/graphql", query, token, seconds, work)
            metrics = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
            found = re.search(r"^mirubato_transaction_retries_total (\d+)", metrics, re.M)
            print(f"| `{os.path.basename(binary)}` | `{name}` | {result.rate:,.0f} | {result.p50} | {result.p99} | {result.non2xx} | "
                  f"{found.group(1) if found else 'n/a'} |")
