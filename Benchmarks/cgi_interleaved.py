"""CGI behind fcgiwrap for several builds, alternated: each round measures every build once.

Usage: python3 Benchmarks/cgi_interleaved.py ROUNDS SECONDS BINARY...
Each measurement is `http_wrk.measure_cgi` (a fresh seeded database, nginx + fcgiwrap, wrk -t2
-c32 for SECONDS on `{ __typename }` and the 20-item list); alternating the builds lets the
machine's drift (±25 % between batches on 2 cores) hit all alike. Prints each build's req/s per
round and their medians, and each median's ratio to the first build's."""
import os, statistics, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import http_wrk  # noqa: E402

rounds, seconds, binaries = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
rates = {binary: {} for binary in binaries}
for round in range(rounds):
    for binary in binaries:
        for name, result in http_wrk.measure_cgi(binary, seconds, 1).items():
            rates[binary].setdefault(name, []).append(result.rate)
            print(f"round {round + 1}: {binary} {name}: {result.rate:,.0f} req/s", flush=True)
reference = binaries[0]
for binary in binaries:
    print(binary + ": " + "; ".join(
        f"`{name}` {statistics.median(values):,.0f} req/s ({statistics.median(values) / statistics.median(rates[reference][name]):.2f}×)"
        for name, values in rates[binary].items()))
