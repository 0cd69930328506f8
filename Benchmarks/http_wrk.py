#!/usr/bin/env python3
"""Throughput through nginx with wrk (10 s, 2 threads, 32 connections by default): the project
(nginx + FastCGI, `scripts/serve`), the graphql-js peer (nginx + Node, Benchmarks/peer/), the Go
peer (nginx + graphql-go, Benchmarks/gopeer/) and nginx's own static reply, in one run.

Usage: Benchmarks/http_wrk.py [PATH/TO/mirubato] [SECONDS] [ROUNDS]   (ROUNDS also BENCH_ROUNDS, default 1)
Starts `scripts/serve` on free loopback ports with a fresh seeded database, signs a user in and
gives them 20 sessions of 3 logs; copies that database for each peer, which verifies the same
tokens; checks that each peer answers every operation of `OPERATIONS` with the project's bytes;
then runs wrk for each operation against each server (the median of ROUNDS rounds), prints a
table and stops everything it started.
"""
import contextlib, json, os, re, shutil, subprocess, sys, tempfile, urllib.request
from collections import namedtuple

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backends, cluster, serving  # noqa: E402
import peer_bench  # noqa: E402

# The operations of every benchmark, in one file the in-process benchmark embeds as well
# (`mirubato benchmark`): name, query and whether it is sent signed in; and the variables of
# those that declare some, by query (`wrk` and `post` send them with the query).
_ITEMS = json.load(open(os.path.join(ROOT, "Benchmarks/Operations/operations.json")))
OPERATIONS = [(item["name"], item["query"], item["signedIn"]) for item in _ITEMS]
VARIABLES = {item["query"]: item["variables"] for item in _ITEMS if "variables" in item}

# One wrk run: requests a second, latency percentiles as wrk prints them, answers that were not 2xx.
Result = namedtuple("Result", "rate p50 p99 non2xx")
# One operation measured against each server: the project, the graphql-js peer and the Go peer.
Row = namedtuple("Row", "name project peer go")


def wrk(url, query, token, seconds, folder):
    """wrk -t2 -c32 POSTing `query` (with its `VARIABLES`) as JSON, with the bearer token when
    given, to `url`."""
    script = f"{folder}/op.lua"
    headers = 'wrk.headers["Content-Type"] = "application/json"\n'
    if token:
        headers += f'wrk.headers["Authorization"] = "Bearer {token}"\n'
    with open(script, "w") as handle:
        body = {"query": query, **({"variables": VARIABLES[query]} if query in VARIABLES else {})}
        handle.write('wrk.method = "POST"\n' + headers + f"wrk.body = {json.dumps(json.dumps(body))}\n")
    out = subprocess.run(["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", "-s", script, url], capture_output=True, text=True).stdout
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return Result(float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1),
                  re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1), int(non2xx.group(1)) if non2xx else 0)


def milliseconds(latency):
    """A latency as wrk prints it (`850.00us`, `12.34ms`, `1.20s`, `2.00m`) in milliseconds."""
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", latency).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def median(results):
    """The round with the median rate (its latencies with it); the non-2xx of all rounds."""
    chosen = sorted(results, key=lambda result: result.rate)[len(results) // 2]
    return chosen._replace(non2xx=sum(result.non2xx for result in results))


def post(port, query, token=None, variables=None):
    """One GraphQL request; answers the response body as text."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    payload = {"query": query, "variables": variables or VARIABLES.get(query, {})}
    request = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", json.dumps(payload).encode(), headers)
    return urllib.request.urlopen(request, timeout=10).read().decode()


def sign_in_with_history(binary, port, env):
    """Signs bench@example.com in and gives them 20 completed sessions of 3 logs; answers the token."""
    token = serving.sign_in(port, binary, env, "bench@example.com")
    for index in range(20):
        session = json.loads(post(port, "mutation { startPracticeSession(input: {instrument: PIANO}) { id } }", token))["data"]["startPracticeSession"]["id"]
        for _ in range(3):
            post(port, f'mutation {{ createPracticeLog(input: {{sessionId: "{session}", activityType: SCALES, durationSeconds: {60 + index}}}) {{ id }} }}', token)
        post(port, f'mutation {{ completePracticeSession(input: {{sessionId: "{session}"}}) {{ id }} }}', token)
    return token


def measure(binary, seconds="10", rounds=1):
    """Runs wrk for each operation against the project and both peers (each on its own copy of
    the database), and against nginx's static reply, `rounds` times; answers (rows of `Row`, the
    static reply's `Result`), medians."""
    work = tempfile.mkdtemp(prefix="mirubato-bench-")
    environment = dict(os.environ, MIRUBATO_DB=f"{work}/mirubato.db", MIRUBATO_KV=f"{work}/kv.db", MIRUBATO_ENV="development",
                       MIRUBATO_RATE_REQUESTS="1000000000/60", MIRUBATO_RATE_MAGIC_CLIENT="1000/60")
    subprocess.run([binary, "seed"], env=environment, check=True, capture_output=True)
    server, port, env = serving.start(work, binary, environment)
    peers = []
    try:
        token = sign_in_with_history(binary, port, env)
        go_command = peer_bench.go_peer_command()  # built before any server is timed
        for folder, command, label in (("peer", None, "the graphql-js peer"), ("gopeer", go_command, "the Go peer")):
            peer_bench.copy_database(work, f"{work}/{folder}")
            peers.append(peer_bench.Peer(f"{work}/{folder}", environment, serving.free_port, command, label))
        for peer in peers:
            peer_bench.check_identical(
                OPERATIONS, lambda query, signed: post(port, query, token if signed else None),
                lambda query, signed, peer=peer: post(peer.port, query, token if signed else None), peer.label)
        urls = [f"http://127.0.0.1:{port}/graphql"] + [peer.url() for peer in peers]
        runs = {name: tuple([] for _ in urls) for name, _, _ in OPERATIONS}
        static = []
        for _ in range(rounds):
            for name, query, signed in OPERATIONS:
                for url, results in zip(urls, runs[name]):
                    results.append(wrk(url, query, token if signed else None, seconds, work))
            static.append(wrk(peers[0].url("/static"), OPERATIONS[0][1], None, seconds, work))
        rows = [Row(name, *(median(results) for results in runs[name])) for name, _, _ in OPERATIONS]
        return rows, median(static)
    finally:
        for peer in peers:
            peer.stop()
        serving.stop(server)


def measure_cgi(binary, seconds="10", rounds=1):
    """The public reads behind fcgiwrap, one `mirubato` process per request (plain CGI), on a
    fresh seeded database; answers {name: Result}, medians of `rounds`."""
    work = tempfile.mkdtemp(prefix="mirubato-bench-cgi-")
    environment = dict(os.environ, MIRUBATO_DB=f"{work}/mirubato.db", MIRUBATO_KV=f"{work}/kv.db", MIRUBATO_ENV="development",
                       MIRUBATO_RATE_REQUESTS="1000000000/60", MIRUBATO_GATEWAY="cgi")
    subprocess.run([binary, "seed"], env=environment, check=True, capture_output=True)
    server, port, _ = serving.start(work, binary, environment)
    try:
        url = f"http://127.0.0.1:{port}/graphql"
        return {name: median([wrk(url, query, None, seconds, work) for _ in range(rounds)])
                for name, query, signed in OPERATIONS if name in CGI_OPERATIONS}
    finally:
        serving.stop(server)


@contextlib.contextmanager
def one_host_on_postgres(binary, environment, work):
    """A seeded `mirubato serve` behind nginx on a fresh PostgreSQL (commits flushed, not synced)
    and Redis of its own, in `work`; yields (port, env) and stops all three after."""
    postgres = backends.Postgres(f"{work}/postgres", durability="flushed")
    redis = backends.Redis(f"{work}/redis")
    server = None
    try:
        env = dict(environment, MIRUBATO_DB=postgres.url(), MIRUBATO_KV=redis.url())
        subprocess.run([binary, "seed"], env=env, check=True, capture_output=True)
        server, port, env = serving.start(work, binary, env, database=env["MIRUBATO_DB"], kv=env["MIRUBATO_KV"])
        yield port, env
    finally:
        if server:
            serving.stop(server)
        redis.stop()
        postgres.stop()


def measure_distributed(binary, seconds="10", rounds=1):
    """Every operation on PostgreSQL + Redis (commits flushed, not synced: as SQLite's WAL with
    synchronous=NORMAL): one host reaching both over Unix sockets, then three hosts in network
    namespaces reaching them over TCP on a bridge, behind nginx (scripts/cluster.py; needs root).
    Answers {name: (one host's Result, three hosts' Result or None)}, medians of `rounds`."""
    environment = dict(os.environ, MIRUBATO_ENV="development", MIRUBATO_RATE_REQUESTS="1000000000/60",
                       MIRUBATO_RATE_MAGIC_CLIENT="1000/60", MIRUBATO_JWT_SECRET="bench-secret-shared-by-every-host-0123456789",
                       MIRUBATO_DATA_KEY="0123456789abcdef" * 4)
    work = tempfile.mkdtemp(prefix="mirubato-bench-pg-")
    os.chmod(work, 0o711)  # PostgreSQL runs as its own user under root
    results = {}

    def run_all(port, env):
        token = sign_in_with_history(binary, port, env)
        url = f"http://127.0.0.1:{port}/graphql"
        return {name: median([wrk(url, query, token if signed else None, seconds, work) for _ in range(rounds)])
                for name, query, signed in OPERATIONS}

    with one_host_on_postgres(binary, environment, work) as (port, env):
        one = run_all(port, env)
    three = {}
    if os.geteuid() == 0:
        hosts = cluster.Cluster(f"{work}/cluster", binary, environment, durability="flushed")
        try:
            subprocess.run([binary, "seed"], env=hosts.env, check=True, capture_output=True)
            three = run_all(hosts.port, hosts.env)
        finally:
            hosts.close()
    for name in one:
        results[name] = (one[name], three.get(name))
    shutil.rmtree(work, ignore_errors=True)
    return results


# What the CGI figures cover: the cheapest request and the public list.
CGI_OPERATIONS = ["{ __typename }", "listSheetMusic(limit: 20)"]


def rounds_wanted(argument=None):
    """Rounds to take the median of: the argument, else BENCH_ROUNDS, else 1."""
    return int(argument or os.environ.get("BENCH_ROUNDS") or 1)


if __name__ == "__main__":
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/release/mirubato"))
    seconds = sys.argv[2] if len(sys.argv) > 2 else "10"
    rounds = rounds_wanted(sys.argv[3] if len(sys.argv) > 3 else None)
    rows, static = measure(binary, seconds, rounds)
    base = rows[0].project.rate
    print(f"wrk -t2 -c32 -d{seconds}s, median of {rounds}; project: nginx + FastCGI, {binary}; peer: nginx + graphql-js on Node; "
          "Go: nginx + graphql-go (Benchmarks/gopeer/)")
    print("| operation | req/s | p50 | p99 | non-2xx (project/peer/Go) | peer req/s | peer p50 | peer p99 | ratio to peer "
          "| Go req/s | Go p50 | Go p99 | ratio to Go | ratio to `{ __typename }` |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, project, peer, go in rows:
        print(f"| `{name}` | {project.rate:,.0f} | {project.p50} | {project.p99} | {project.non2xx}/{peer.non2xx}/{go.non2xx} | "
              f"{peer.rate:,.0f} | {peer.p50} | {peer.p99} | {project.rate / peer.rate:.2f} | "
              f"{go.rate:,.0f} | {go.p50} | {go.p99} | {project.rate / go.rate:.2f} | {project.rate / base:.2f} |")
    print(f"nginx static reply: {static.rate:,.0f} req/s ({static.p50} p50); `{{ __typename }}` is {base / static.rate:.2f} of it")
