#!/usr/bin/env python3
"""Soak and crash suite through the real nginx + FastCGI handler (loopback only, bounded in time).

Usage: Benchmarks/soak.py [PATH/TO/mirubato] [SECONDS=60] [CLIENTS=32] [KILLS=0]
CLIENTS clients send scripts/workload.py's mix of reads and writes, for 100 shared users and
one user of each client's own (whose log count it checks on every read), for SECONDS. With KILLS > 0 the server process
(and, every other time, an nginx worker) is killed with SIGKILL at random moments, while an
operator runs `sqlite3`, `mirubato mail list` and `mirubato backup` against the live files. Afterwards the
database must pass integrity_check, hold every acknowledged write (and no acknowledged delete), and
its derived rows (per-piece progress, session totals, and the practice-day aggregate, progress rows
and achievements that `mirubato progress rebuild` recomputes) must equal a rebuild from the logs.
Clients see only 200s, or 502s and 503s (with Retry-After) and dropped connections around the
kills. Prints the figures and exits 1 on any violation.
"""
import os, random, signal, sqlite3, subprocess, sys, tempfile, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import serving, workload  # noqa: E402
binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/release/mirubato"))
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 60
clients = int(sys.argv[3]) if len(sys.argv) > 3 else 32
kills = int(sys.argv[4]) if len(sys.argv) > 4 else 0
PIECES = ["EzcWMdkoy6K28pdjjJ4YI"]


work = tempfile.mkdtemp(prefix="mirubato-soak-")
environment = dict(os.environ, MIRUBATO_DB=f"{work}/mirubato.db", MIRUBATO_KV=f"{work}/kv.db", MIRUBATO_ENV="development",
                   MIRUBATO_RATE_REQUESTS="1000000000/60", MIRUBATO_RATE_MAGIC_CLIENT="100000/60")
subprocess.run([binary, "seed"], env=environment, check=True, capture_output=True)
server, port, env = serving.start(work, binary, environment)


failures = []
try:
    database = sqlite3.connect(env["MIRUBATO_DB"], timeout=30)
    PIECES += [row[0] for row in database.execute("SELECT id FROM sheet_music ORDER BY id LIMIT 20")]
    database.close()
    tokens = [serving.sign_in(port, binary, env, f"soak{index}@example.com") for index in range(workload.SHARED_USERS + clients)]
    load = workload.Load(port, tokens, PIECES, seconds, clients)

    def killer():
        generator = random.Random(99)
        handler = int(open(f"{work}/run/handler.pid").read())
        for kill in range(kills):
            time.sleep(seconds / (kills + 1) * generator.uniform(0.5, 1.5))
            if not load.running():
                break
            if kill % 2 == 0:
                children = subprocess.run(["pgrep", "-P", str(handler)], capture_output=True, text=True).stdout.split()
                targets = children[:1]
            else:
                targets = subprocess.run(["pgrep", "-f", "nginx: worker"], capture_output=True, text=True).stdout.split()[:1]
            for pid in targets:
                os.kill(int(pid), signal.SIGKILL)
            killed.append(targets)

    def operator():
        # What an operator runs against the live files during the load: each must leave the
        # server's WAL in place (closing a descriptor on the file once dropped the server's locks).
        commands = [["sqlite3", env["MIRUBATO_DB"], "SELECT count(*) FROM practice_logs"], [binary, "mail", "list"],
                    [binary, "backup", f"{work}/soak-backup.db"], ["sqlite3", env["MIRUBATO_KV"], "SELECT count(*) FROM kv"]]
        turn = 0
        while load.running():
            command = commands[turn % len(commands)]
            turn += 1
            result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
            if result.returncode != 0 and "locked" not in result.stderr:
                failures.append(f"{' '.join(command[:3])} failed during the load: {result.stderr.strip()[:200]}")
            operator_runs.append(command[1] if command[0] == binary else "sqlite3")
            time.sleep(1)

    killed, operator_runs = [], []
    load.run(operator, *([killer] if kills else []))
    serving.stop(server)

    database = sqlite3.connect(env["MIRUBATO_DB"])
    integrity = database.execute("PRAGMA integrity_check").fetchone()[0]
    database.close()
    if integrity != "ok":
        failures.append(f"integrity_check: {integrity}")

    def rows(sql):
        with sqlite3.connect(env["MIRUBATO_DB"]) as database:
            return database.execute(sql).fetchall()

    def rebuild():
        done = subprocess.run([binary, "progress", "rebuild"], env=env, capture_output=True, text=True)
        return done.stderr.strip() if done.returncode else None

    # Killing nginx workers drops connections: no answer at all is expected then.
    checked, summary = load.check(rows, rebuild, {200, 502, 503, None} if kills else {200})
    failures += checked
    print(f"soak: {seconds:.0f} s, {clients} clients, {workload.SHARED_USERS} shared users and one per client, {len(killed)} kills ({binary})")
    print("\n".join(summary))
    print(f"operator commands beside the load: {len(operator_runs)} ({', '.join(sorted(set(operator_runs)))}); integrity_check: {integrity}")
finally:
    serving.stop(server)

for failure in failures[:20]:
    print("FAILED", failure)
print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
sys.exit(1 if failures else 0)
