#!/usr/bin/env python3
"""`make bench`: every benchmark of the shipped (release) binary, printed as one table, then the
targets with their figures.

Usage: Benchmarks/bench.py [PATH/TO/mirubato] [WRK_SECONDS=10] [COLD_RUNS=200] [ROUNDS]
- in-process µs per whole request (`mirubato benchmark --json`: parse, validate, and the request
  with the document cache on);
- through nginx with wrk (2 threads, 32 connections), the median of ROUNDS rounds (else
  BENCH_ROUNDS, else 1): the project (nginx + FastCGI), the graphql-js peer (nginx + Node,
  Benchmarks/peer/) and the Go peer (nginx + graphql-go, Benchmarks/gopeer/) on copies of one
  database, after checking they answer the same bytes; req/s, p50, p99, the ratios to the peers
  and to `{ __typename }`; and nginx's own static reply, the floor any server behind nginx
  stays under;
- the same reads as plain CGI behind fcgiwrap (one `mirubato` process per request), beside the
  floor program as a CGI script (Benchmarks/floor-cgi/);
- every operation again on PostgreSQL + Redis, on one host and on three (network namespaces);
- cold start of `mirubato handle` for `{ __typename }` and the 20-item list: hyperfine median of
  COLD_RUNS runs, and the peak RSS of one run.
"""
import json, os, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import floor_program, http_wrk  # noqa: E402

binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(http_wrk.ROOT, ".build/release/mirubato"))
seconds = sys.argv[2] if len(sys.argv) > 2 else "10"
cold_runs = int(sys.argv[3]) if len(sys.argv) > 3 else 200
rounds = http_wrk.rounds_wanted(sys.argv[4] if len(sys.argv) > 4 else None)
TYPENAME, LIST, CREATE = "{ __typename }", "listSheetMusic(limit: 20)", "createPracticeLog"
COLD = {TYPENAME, LIST}
READS = [name for name, query, _ in http_wrk.OPERATIONS if not query.startswith("mutation")]

# The issue's targets: (what, which figure, "min" (at least) or "max" (at most), the bound, unit).
# Figures: "peer:OP" the project's req/s over the graphql-js peer's, "go:OP" over the Go peer's,
# "own:OP" over the project's own `{ __typename }`, "p99-peer:OP" and "p99-go:OP" the project's
# p99 latency over that peer's, "static" `{ __typename }` over nginx's static reply,
# "in-process:OP" µs, "cold:OP" ms.
TARGETS = [(f"`{name}` ≥ 1.5 × graphql-js", f"peer:{name}", "min", 1.5, "×") for name in READS] + [
    (f"`{CREATE}` ≥ 1.5 × graphql-js", f"peer:{CREATE}", "min", 1.5, "×"),
    (f"`{CREATE}` ≥ 1.5 × Go", f"go:{CREATE}", "min", 1.5, "×"),
    (f"`{CREATE}` p99 ≤ graphql-js p99", f"p99-peer:{CREATE}", "max", 1, "×"),
    (f"`{CREATE}` p99 ≤ Go p99", f"p99-go:{CREATE}", "max", 1, "×"),
    (f"`{CREATE}` ≥ 0.5 × own `{TYPENAME}`", f"own:{CREATE}", "min", 0.5, "×"),
    (f"`{TYPENAME}` ≥ 0.15 × static nginx", "static", "min", 0.15, "×"),
    (f"20-item list ≥ 0.6 × own `{TYPENAME}`", f"own:{LIST}", "min", 0.6, "×"),
    ("in-process 20-item list ≤ 50 µs", f"in-process:{LIST}", "max", 50, " µs"),
    (f"in-process `{TYPENAME}` ≤ 10 µs", f"in-process:{TYPENAME}", "max", 10, " µs"),
    ("cold start of `mirubato handle` for the list ≤ 6 ms", f"cold:{LIST}", "max", 6, " ms"),
    ("cold start of `mirubato handle` for the list ≤ 2 × the floor program", "cold-floor", "max", 2, "×"),
]


def in_process():
    """Rows of `mirubato benchmark --json` by operation, and why there are none if it failed."""
    with tempfile.TemporaryDirectory(prefix="mirubato-inprocess-") as folder:
        done = subprocess.run([binary, "benchmark", "--iterations", "300", "--json"], cwd=folder, capture_output=True, text=True)
    if done.returncode != 0:
        return {}, (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[0]
    return {row["operation"]: row for row in map(json.loads, done.stdout.splitlines())}, None


def cold_start(query, command=None):
    """Answers (median ms, peak RSS MB) of `command` (`mirubato handle` unless given) answering
    one request on stdin."""
    command = command or [binary, "handle"]
    work = tempfile.mkdtemp(prefix="mirubato-cold-")
    env = dict(os.environ, MIRUBATO_DB=f"{work}/mirubato.db", MIRUBATO_KV=f"{work}/kv.db")
    subprocess.run([binary, "seed"], env=env, check=True, capture_output=True)
    request = f"{work}/request.json"
    with open(request, "w") as handle:
        json.dump({"query": query}, handle)
    subprocess.run(["hyperfine", "--warmup", "10", "--runs", str(cold_runs), "--export-json", f"{work}/result.json",
                    f"{' '.join(command)} < {request}"], env=env, check=True, capture_output=True)
    median = json.load(open(f"{work}/result.json"))["results"][0]["median"] * 1000
    peak = 0
    for _ in range(5):
        with open(request) as stdin:
            process = subprocess.Popen(command, env=env, stdin=stdin, stdout=subprocess.DEVNULL)
            _, _, usage = os.wait4(process.pid, 0)
            peak = max(peak, usage.ru_maxrss)
    return median, peak / 1024


def verdict(figure, kind, bound):
    if figure is None:
        return "not measured"
    return "met" if (figure >= bound if kind == "min" else figure <= bound) else "not met"


measured, failure = in_process()
rows, static = http_wrk.measure(binary, seconds, rounds)
cgi = http_wrk.measure_cgi(binary, seconds, rounds)
# What any process per request gets behind fcgiwrap on this machine: the floor program as CGI.
cgi_floor = http_wrk.measure_cgi(floor_program.build("floor-cgi"), seconds, rounds)
distributed = http_wrk.measure_distributed(binary, seconds, rounds)
cold = {name: cold_start(query) for name, query, _ in http_wrk.OPERATIONS if name in COLD}
floor = cold_start(TYPENAME, [floor_program.build()])
base = rows[0].project.rate
figures = {"static": base / static.rate, "cold-floor": cold[LIST][0] / floor[0]}
for row in rows:
    figures[f"peer:{row.name}"] = row.project.rate / row.peer.rate
    figures[f"go:{row.name}"] = row.project.rate / row.go.rate
    figures[f"p99-peer:{row.name}"] = http_wrk.milliseconds(row.project.p99) / http_wrk.milliseconds(row.peer.p99)
    figures[f"p99-go:{row.name}"] = http_wrk.milliseconds(row.project.p99) / http_wrk.milliseconds(row.go.p99)
    figures[f"own:{row.name}"] = row.project.rate / base
    figures[f"in-process:{row.name}"] = measured[row.name]["whole_us"] if row.name in measured else None
    figures[f"cold:{row.name}"] = cold[row.name][0] if row.name in cold else None

print(f"{binary}; wrk -t2 -c32 -d{seconds}s through nginx, median of {rounds} round(s): the project (FastCGI), the graphql-js "
      f"peer (Node, Benchmarks/peer/) and the Go peer (graphql-go, Benchmarks/gopeer/), answers checked identical first; "
      f"cold start: hyperfine median of {cold_runs} runs")
if failure:
    print(f"in-process figures unavailable: `mirubato benchmark --json` failed: {failure}")
print("| operation | in-process µs | parse + validate µs | req/s | p50 | p99 | graphql-js req/s | graphql-js p50 | ratio to graphql-js "
      "| Go req/s | Go p99 | ratio to Go | ratio to `{ __typename }` | cold start ms | peak RSS MB |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for row in rows:
    inner = measured.get(row.name)
    whole = f"{inner['whole_us']:,.0f}" if inner else "–"
    prepare = f"{inner['parse_us'] + inner['validate_us']:,.0f}" if inner else "–"
    bad = f" ({row.project.non2xx} non-2xx)" if row.project.non2xx else ""
    peer_bad = f" ({row.peer.non2xx} non-2xx)" if row.peer.non2xx else ""
    go_bad = f" ({row.go.non2xx} non-2xx)" if row.go.non2xx else ""
    start, rss = (f"{cold[row.name][0]:.1f}", f"{cold[row.name][1]:.1f}") if row.name in cold else ("", "")
    print(f"| `{row.name}` | {whole} | {prepare} | {row.project.rate:,.0f}{bad} | {row.project.p50} | {row.project.p99} | "
          f"{row.peer.rate:,.0f}{peer_bad} | {row.peer.p50} | {figures['peer:' + row.name]:.2f} | "
          f"{row.go.rate:,.0f}{go_bad} | {row.go.p99} | {figures['go:' + row.name]:.2f} | {figures['own:' + row.name]:.2f} | "
          f"{start} | {rss} |")
print(f"nginx static reply (`return 200` of {{\"data\":{{\"__typename\":\"Query\"}}}}): {static.rate:,.0f} req/s, p50 {static.p50}, "
      f"p99 {static.p99}")
print(f"`{TYPENAME}` / static reply: {figures['static']:.3f}")
print(f"floor program (Benchmarks/floor/: static Swift + Foundation, JSON on stdin, a reply): cold start {floor[0]:.1f} ms, "
      f"peak RSS {floor[1]:.1f} MB; `mirubato handle` for the list is {figures['cold-floor']:.1f} × it")
project = {row.name: row.project for row in rows}
print("plain CGI behind fcgiwrap (a process per request): " + "; ".join(
    f"`{name}` {result.rate:,.0f} req/s, p50 {result.p50} ({result.rate / project[name].rate:.2f} × FastCGI, "
    f"{result.rate / cgi_floor[name].rate:.2f} × the floor program as CGI, {cgi_floor[name].rate:,.0f} req/s)" for name, result in cgi.items()))
print()
print("PostgreSQL 15 + Redis 7 (commits flushed, not synced), same operations: one host over Unix sockets; three hosts in "
      "network namespaces over TCP on a bridge, nginx balancing (the same 2 cores run all three)")
print("| operation | SQLite req/s | 1 host req/s | p50 | p99 | × SQLite | 3 hosts req/s | p50 | p99 | × SQLite |")
print("|---|---|---|---|---|---|---|---|---|---|")
for name, (one, three) in distributed.items():
    base_rate = project[name].rate
    many = f"{three.rate:,.0f} | {three.p50} | {three.p99} | {three.rate / base_rate:.2f}" if three else "– | – | – | – (needs root)"
    print(f"| `{name}` | {base_rate:,.0f} | {one.rate:,.0f} | {one.p50} | {one.p99} | {one.rate / base_rate:.2f} | {many} |")
print()
for label, key, kind, bound, unit in TARGETS:
    figure = figures.get(key)
    shown = "–" if figure is None else (f"{figure:.2f}{unit}" if unit == "×" else f"{figure:,.1f}{unit}")
    print(f"target {label}: {shown} ({verdict(figure, kind, bound)})")
