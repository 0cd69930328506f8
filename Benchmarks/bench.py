#!/usr/bin/env python3
"""`make bench`: every benchmark of the shipped (release) binary, printed as one table.

Usage: Benchmarks/bench.py [PATH/TO/mirubato] [WRK_SECONDS=10] [COLD_RUNS=200]
- in-process µs per whole request (`mirubato benchmark --json`: parse, validate, and the request
  with the document cache on);
- through nginx + FastCGI with wrk (2 threads, 32 connections): req/s, p50, p99, and the ratio
  to `{ __typename }`, so machine noise cancels;
- cold start of `mirubato handle` for `{ __typename }` and the 20-item list: hyperfine median of
  COLD_RUNS runs, and the peak RSS of one run.
"""
import json, os, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import http_wrk  # noqa: E402

binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(http_wrk.ROOT, ".build/release/mirubato"))
seconds = sys.argv[2] if len(sys.argv) > 2 else "10"
cold_runs = int(sys.argv[3]) if len(sys.argv) > 3 else 200
COLD = {"{ __typename }", "listSheetMusic(limit: 20)"}


def in_process():
    out = subprocess.run([binary, "benchmark", "--iterations", "300", "--json"], check=True, capture_output=True, text=True).stdout
    return {row["operation"]: row for row in map(json.loads, out.splitlines())}


def cold_start(query):
    """Answers (median ms, peak RSS MB) of `mirubato handle` answering one request."""
    work = tempfile.mkdtemp(prefix="mirubato-cold-")
    env = dict(os.environ, MIRUBATO_DB=f"{work}/mirubato.db", MIRUBATO_KV=f"{work}/kv.db")
    subprocess.run([binary, "seed"], env=env, check=True, capture_output=True)
    request = f"{work}/request.json"
    with open(request, "w") as handle:
        json.dump({"query": query}, handle)
    subprocess.run(["hyperfine", "--warmup", "10", "--runs", str(cold_runs), "--export-json", f"{work}/result.json",
                    f"{binary} handle < {request}"], env=env, check=True, capture_output=True)
    median = json.load(open(f"{work}/result.json"))["results"][0]["median"] * 1000
    peak = 0
    for _ in range(5):
        with open(request) as stdin:
            process = subprocess.Popen([binary, "handle"], env=env, stdin=stdin, stdout=subprocess.DEVNULL)
            _, _, usage = os.wait4(process.pid, 0)
            peak = max(peak, usage.ru_maxrss)
    return median, peak / 1024


measured = in_process()
rows = http_wrk.measure(binary, seconds)
base = rows[0][1]
print(f"{binary}; wrk -t2 -c32 -d{seconds}s through nginx + FastCGI; cold start: hyperfine median of {cold_runs} runs")
print("| operation | in-process µs | parse + validate µs | req/s | p50 | p99 | ratio to `{ __typename }` | cold start ms | peak RSS MB |")
print("|---|---|---|---|---|---|---|---|---|")
for (name, query, _), (_, rate, p50, p99, bad) in zip(http_wrk.OPERATIONS, rows):
    inner = measured.get(name, {})
    cold = cold_start(query) if name in COLD else None
    print(f"| `{name}` | {inner.get('whole_us', 0):,.0f} | {inner.get('parse_us', 0) + inner.get('validate_us', 0):,.0f} | "
          f"{rate:,.0f}{' (' + str(bad) + ' non-2xx)' if bad else ''} | {p50} | {p99} | {rate / base:.2f} | "
          f"{f'{cold[0]:.1f}' if cold else ''} | {f'{cold[1]:.1f}' if cold else ''} |")
