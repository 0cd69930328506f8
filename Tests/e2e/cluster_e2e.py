#!/usr/bin/env python3
"""Several hosts, one database: the cluster soak (issue 18).

Usage: Tests/e2e/cluster_e2e.py [PATH/TO/mirubato] [SECONDS=20] [CLIENTS=16] [KILL_EVERY=5]
(`make cluster-soak` runs 60 s, 32 clients, a kill every 10 s; `make test` the defaults.)

Three network namespaces on a bridge each run one `mirubato serve` from an empty folder
(scripts/cluster.py); nginx balances across them; PostgreSQL (fsync on) and Redis listen on the
bridge. CLIENTS clients send scripts/workload.py's mix through nginx for SECONDS while:
- every KILL_EVERY seconds one whole host (every process in its namespace) gets SIGKILL, and
  comes back 2 s later from a new empty folder;
- PostgreSQL is stopped once as a crash stops it (`pg_ctl -m immediate`) and started again,
  and later Redis is killed (SIGKILL; it keeps nothing) and started again, empty;
- an operator runs psql, `mirubato mail list` and `mirubato backup` (pg_dump) against it.
Afterwards: every acknowledged write is stored, no acknowledged delete is, derived progress
equals `mirubato progress rebuild`'s, every read of a client's own log count was right, and
clients saw only 200s, and 502s or 503s (each with Retry-After) only while a host or the
database was down.
"""
import os, subprocess, sys, tempfile, threading, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import cluster, serving, workload  # noqa: E402

binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/mirubato"))
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 20
clients = int(sys.argv[3]) if len(sys.argv) > 3 else 16
kill_every = float(sys.argv[4]) if len(sys.argv) > 4 else 5
HOSTS, DOWN = 3, 2.0
ENV = dict(os.environ, MIRUBATO_ENV="development", MIRUBATO_JWT_SECRET="cluster-soak-secret-shared-by-all-hosts-0123",
           MIRUBATO_DATA_KEY="0123456789abcdef" * 4, MIRUBATO_RATE_REQUESTS="1000000000/60",
           MIRUBATO_RATE_MAGIC_CLIENT="100000/60", MIRUBATO_MAIL="outbox")

if os.geteuid() != 0:
    print("cluster_e2e: network namespaces need root")
    sys.exit(1)

work = tempfile.mkdtemp(prefix="mirubato-cluster-")
os.chmod(work, 0o711)  # PostgreSQL runs as its own user under root: it must reach its folder
failures, events, operator_runs = [], [], []
hosts = cluster.Cluster(f"{work}/cluster", binary, ENV, hosts=HOSTS)
try:
    env = hosts.env
    subprocess.run([binary, "seed"], env=env, check=True, capture_output=True)
    pieces = [row[0] for row in hosts.rows("SELECT id FROM sheet_music ORDER BY id LIMIT 20")]
    tokens = [serving.sign_in(hosts.port, binary, env, f"cluster{index}@example.com") for index in range(workload.SHARED_USERS + clients)]
    load = workload.Load(hosts.port, tokens, pieces, seconds, clients)
    started = time.time()
    kills = int((seconds - DOWN) // kill_every)
    restart_at = kill_every * (kills // 2 + 0.5)

    def at(moment):
        time.sleep(max(0.0, started + moment - time.time()))

    def chaos():
        for kill in range(kills):
            at(kill_every * (kill + 1))
            host = kill % HOSTS
            begun = time.time()
            hosts.kill_host(host)
            events.append(f"{time.time() - started:.1f} s: host {host} killed")
            time.sleep(DOWN)
            hosts.start_host(host)
            events.append(f"{time.time() - started:.1f} s: host {host} back")
            # nginx skips a host for 2 s after it refused a connection, and may try it once more.
            outages.append((begun, time.time() + 2.5))

    outages, outage = [], {}

    def database_crash():
        at(restart_at)
        outage["from"] = time.time()
        events.append(f"{time.time() - started:.1f} s: PostgreSQL stopped (immediate)")
        hosts.restart_postgres()
        outage["until"] = time.time()
        events.append(f"{time.time() - started:.1f} s: PostgreSQL back")
        # Each handler's connection is reset on its next statement after the restart.
        outages.append((outage["from"], outage["until"] + 1.0))

    def during_outage(begun, ended):
        """Whether a command's run overlapped PostgreSQL's outage."""
        return "from" in outage and begun <= outage.get("until", ended) + 0.5 and ended >= outage["from"]

    def cache_crash():
        at(restart_at + kill_every)
        begun = time.time()
        events.append(f"{time.time() - started:.1f} s: Redis killed")
        hosts.restart_redis()
        events.append(f"{time.time() - started:.1f} s: Redis back, empty")
        outages.append((begun, time.time() + 1.0))

    def operator():
        commands = [["psql", env["MIRUBATO_DB"], "-tAc", "SELECT count(*) FROM practice_logs"], [binary, "mail", "list"],
                    [binary, "backup", f"{work}/backup.dump"]]
        turn = 0
        while load.running():
            command = commands[turn % len(commands)]
            turn += 1
            begun = time.time()
            result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
            # While PostgreSQL is down an operator's command fails with a clear line, as it should.
            if result.returncode != 0 and not during_outage(begun, time.time()):
                failures.append(f"{' '.join(command[:2])} failed during the load: {result.stderr.strip()[:200]}")
            operator_runs.append(command[1] if command[0] == binary else "psql")
            time.sleep(1)

    load.run(chaos, database_crash, cache_crash, operator)

    def rebuild():
        done = subprocess.run([binary, "progress", "rebuild"], env=env, capture_output=True, text=True)
        return done.stderr.strip() if done.returncode else None

    checked, summary = load.check(hosts.rows, rebuild, {200, 502, 503}, outages)
    failures += checked
    print(f"cluster: {HOSTS} hosts in network namespaces, {seconds:.0f} s, {clients} clients, "
          f"{workload.SHARED_USERS} shared users and one per client ({binary})")
    print("\n".join(events))
    print("\n".join(summary))
    print(f"operator commands beside the load: {len(operator_runs)} ({', '.join(sorted(set(operator_runs)))})")
finally:
    hosts.close()

for failure in failures[:20]:
    print("FAILED", failure)
print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
sys.exit(1 if failures else 0)
