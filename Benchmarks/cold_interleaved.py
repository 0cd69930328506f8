"""Cold starts of `mirubato handle` builds beside the floor program, interleaved.

Usage: python3 Benchmarks/cold_interleaved.py ROUNDS BINARY...
Each binary answers the 20-item list on its own freshly seeded copy; each round runs every binary
once, then the floor program (.build-floor/floor, built as `make bench` builds it: `floor_program`),
after 10 warm-up rounds, so the machine's drift (±25 % between batches on 2 cores) hits all alike.
Prints each median and its ratio to the floor's. Python's fork and exec are in every figure."""
import json, os, statistics, subprocess, sys, tempfile, time

import floor_program

rounds, binaries = int(sys.argv[1]), sys.argv[2:]
floor = floor_program.build()
cmds = []
for b in binaries:
    work = tempfile.mkdtemp(prefix="mirubato-cold-")
    env = dict(os.environ, MIRUBATO_DB=f"{work}/mirubato.db", MIRUBATO_KV=f"{work}/kv.db")
    subprocess.run([b, "seed"], env=env, check=True, capture_output=True)
    req = f"{work}/req.json"
    with open(req, "w") as f: json.dump({"query": "{ listSheetMusic(limit: 20) { totalCount edges { node { id title composer } } } }"}, f)
    cmds.append((b, [b, "handle"], env, req))
cmds.append(("floor", [floor], dict(os.environ), req))
times = {name: [] for name, *_ in cmds}
for r in range(rounds + 10):
    for name, argv, env, req in cmds:
        with open(req) as stdin:
            t = time.perf_counter()
            subprocess.run(argv, env=env, stdin=stdin, stdout=subprocess.DEVNULL, check=True)
            if r >= 10: times[name].append(time.perf_counter() - t)
fl = statistics.median(times["floor"])
for name, *_ in cmds:
    m = statistics.median(times[name])
    print(f"{m*1000:7.2f} ms  {m/fl:5.2f}x  {name}")
