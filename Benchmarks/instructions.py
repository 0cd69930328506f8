#!/usr/bin/env python3
"""Instructions per in-process request, counted by valgrind's callgrind: a figure that does not
move with machine noise, so a change shows even on a busy machine.

Usage: Benchmarks/instructions.py [PATH/TO/mirubato] [--record]
For each operation of `http_wrk.OPERATIONS`, runs `mirubato benchmark --whole-only --only NAME`
under callgrind twice, with FEW and MANY timed iterations, and divides the difference in
instructions by the difference in requests: the set-up (seeding, signing in) cancels out.
SWIFT_DETERMINISTIC_HASHING=1 keeps dictionary layouts, and so the counts, the same run to run.
Prints each operation's count beside the committed baseline (Benchmarks/instructions.json) and
the change; --record writes the new counts as the baseline.
"""
import json, os, re, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import http_wrk  # noqa: E402

BASELINE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "instructions.json")
FEW, MANY = 10, 60


def instructions(binary, name, iterations):
    """Instructions callgrind counts for one `mirubato benchmark` run."""
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, SWIFT_DETERMINISTIC_HASHING="1", TMPDIR=folder)
        out = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={folder}/out",
                              binary, "benchmark", "--whole-only", "--only", name, "--iterations", str(iterations)],
                             env=env, capture_output=True, text=True)
        found = re.search(r"Collected : (\d+)", out.stderr)
        if not found:
            raise SystemExit(f"callgrind failed for {name}: {out.stderr[-800:]}")
        return int(found.group(1))


def per_request(binary, name):
    return (instructions(binary, name, MANY) - instructions(binary, name, FEW)) / (MANY - FEW)


def main():
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    binary = os.path.abspath(arguments[0] if arguments else os.path.join(http_wrk.ROOT, ".build/release/mirubato"))
    names = [name for name, _, _ in http_wrk.OPERATIONS]
    # Two at a time: the machine has two cores.
    with ThreadPoolExecutor(max_workers=2) as pool:
        counts = dict(zip(names, pool.map(lambda name: per_request(binary, name), names)))
    baseline = json.load(open(BASELINE)) if os.path.exists(BASELINE) else {}
    print(f"instructions per request (callgrind, {binary}, {MANY} − {FEW} iterations)")
    print("| operation | instructions | baseline | change |")
    print("|---|---|---|---|")
    for name in names:
        before = baseline.get(name)
        change = f"{(counts[name] - before) / before * 100:+.1f} %" if before else "–"
        print(f"| `{name}` | {counts[name]:,.0f} | {f'{before:,.0f}' if before else '–'} | {change} |")
    if "--record" in sys.argv:
        with open(BASELINE, "w") as handle:
            json.dump({name: round(count) for name, count in counts.items()}, handle, indent=2)
            handle.write("\n")
        print(f"recorded {BASELINE}")
    return counts


if __name__ == "__main__":
    main()
