#!/usr/bin/env python3
"""Soak and crash suite through the real nginx + FastCGI handler (loopback only, bounded in time).

Usage: Benchmarks/soak.py [PATH/TO/mirubato] [SECONDS=60] [CLIENTS=32] [KILLS=0]
32 clients mix reads and writes across 100 users for SECONDS. With KILLS > 0 the server process
(and, every other time, an nginx worker) is killed with SIGKILL at random moments, while an
operator runs `sqlite3`, `mirubato mail list` and `mirubato backup` against the live files. Afterwards the
database must pass integrity_check, hold every acknowledged write (and no acknowledged delete), and
its derived rows (per-piece progress, session totals, and the practice-day aggregate, progress rows
and achievements that `mirubato progress rebuild` recomputes) must equal a rebuild from the logs.
Prints the figures and exits 1 on any violation.
"""
import json, os, random, re, signal, sqlite3, subprocess, sys, tempfile, threading, time, http.client

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import serving  # noqa: E402
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


def derived_progress(database):
    """Every derived progress row, minus the bookkeeping times a rebuild moves on."""
    return {
        "progress_tracking": database.execute("""SELECT user_id, instrument, skill_area, current_level, experience_points,
            total_practice_time, consecutive_days, longest_streak, last_practice_date, accuracy_trend, speed_trend, achievements,
            milestones FROM progress_tracking ORDER BY user_id, instrument, skill_area""").fetchall(),
        "practice_days": database.execute("SELECT * FROM practice_days ORDER BY user_id, instrument, skill_area, day").fetchall(),
        "user_achievements": database.execute("SELECT * FROM user_achievements ORDER BY user_id, achievement_id").fetchall(),
        "local_days": database.execute("SELECT id, local_day FROM practice_logs ORDER BY id").fetchall(),
    }


def post(payload, token=None, timeout=15):
    """Answers (status, json) or (None, None) when the connection failed (a crash)."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        connection.request("POST", "/graphql", json.dumps(payload), headers)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, (json.loads(body) if body[:1] in (b"{", b"[") else None)
    except (OSError, http.client.HTTPException):
        return None, None


failures = []
try:
    database = sqlite3.connect(env["MIRUBATO_DB"], timeout=30)
    PIECES += [row[0] for row in database.execute("SELECT id FROM sheet_music ORDER BY id LIMIT 20")]
    tokens = []
    for index in range(100):
        tokens.append(serving.sign_in(port, binary, env, f"soak{index}@example.com"))

    lock = threading.Lock()
    acknowledged = {}   # log id -> (user index, duration) of acknowledged creates and updates
    deleted = set()     # acknowledged deletes
    uncertain = set()   # sent, no answer: may or may not be stored
    latencies, statuses, internal, rejected = [], {}, [], []
    stop_at = time.time() + seconds

    def client(number):
        generator = random.Random(number)
        mine = []
        created = 0
        while time.time() < stop_at:
            user = generator.randrange(100)
            token = tokens[user]
            roll = generator.random()
            started = time.time()
            if roll < 0.45:
                payload = generator.choice([
                    {"query": "{ listSheetMusic(limit: 20) { totalCount edges { node { title composer } } } }"},
                    {"query": "{ myPracticeLogs(limit: 10) { totalCount edges { node { id durationSeconds } } } }"},
                    {"query": "{ myPracticeSessions(limit: 5) { totalCount edges { node { id status logs { id } } } } }"},
                ])
                status, answer = post(payload, token)
                kind = None
            elif roll < 0.80 or not mine:
                created += 1
                log_id = "s%02d%06d" % (number, created) + "x" * 12
                duration = generator.randrange(1, 3600)
                payload = {"query": "mutation($i: ID!, $d: Int!, $p: ID) { createPracticeLog(input: {id: $i, activityType: REPERTOIRE, durationSeconds: $d, sheetMusicId: $p}) { id } }",
                           "variables": {"i": log_id, "d": duration, "p": generator.choice(PIECES)}}
                status, answer = post(payload, token)
                kind = ("create", log_id, user, duration)
            elif roll < 0.92:
                log_id, user, _ = generator.choice(mine)
                duration = generator.randrange(1, 3600)
                payload = {"query": "mutation($i: ID!, $d: Int!) { updatePracticeLog(id: $i, input: {durationSeconds: $d}) { id } }",
                           "variables": {"i": log_id, "d": duration}}
                status, answer = post(payload, tokens[user])
                kind = ("update", log_id, user, duration)
            else:
                log_id, user, _ = mine.pop(generator.randrange(len(mine)))
                status, answer = post({"query": "mutation($i: ID!) { deletePracticeLog(id: $i) { success } }", "variables": {"i": log_id}}, tokens[user])
                kind = ("delete", log_id, user, None)
            elapsed = time.time() - started
            errors = [e.get("extensions", {}).get("code") for e in (answer or {}).get("errors", [])] if isinstance(answer, dict) else []
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
                if any(code in ("INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE") for code in errors):
                    internal.append((kind, errors))
                elif errors and kind is not None:
                    rejected.append((kind, errors))
                if kind is None:
                    continue
                action, log_id, user, duration = kind
                ok = status == 200 and isinstance(answer, dict) and not errors
                # No answer, or the proxy's 502 when the handler died mid-request: the write may or
                # may not have committed, so it is checked only for consistency, not presence.
                if status is None or status >= 500:
                    status = None
                if action == "create" and ok:
                    acknowledged[log_id] = (user, duration)
                    mine.append((log_id, user, duration))
                elif action == "create" and status is None:
                    uncertain.add(log_id)
                elif action == "update" and ok:
                    acknowledged[log_id] = (user, duration)
                elif action == "update" and status is None:
                    uncertain.add(log_id)
                elif action == "delete" and ok:
                    deleted.add(log_id)
                    acknowledged.pop(log_id, None)
                elif action == "delete" and status is None:
                    uncertain.add(log_id)

    def killer():
        generator = random.Random(99)
        handler = int(open(f"{work}/run/handler.pid").read())
        for kill in range(kills):
            time.sleep(seconds / (kills + 1) * generator.uniform(0.5, 1.5))
            if time.time() >= stop_at:
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
        while time.time() < stop_at - 1:
            command = commands[turn % len(commands)]
            turn += 1
            result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
            if result.returncode != 0 and "locked" not in result.stderr:
                failures.append(f"{' '.join(command[:3])} failed during the load: {result.stderr.strip()[:200]}")
            operator_runs.append(command[1] if command[0] == binary else "sqlite3")
            time.sleep(1)

    killed, operator_runs = [], []
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    threads.append(threading.Thread(target=operator))
    if kills:
        threads.append(threading.Thread(target=killer))
    [t.start() for t in threads]
    [t.join() for t in threads]
    serving.stop(server)

    database = sqlite3.connect(env["MIRUBATO_DB"])
    integrity = database.execute("PRAGMA integrity_check").fetchone()[0]
    if integrity != "ok":
        failures.append(f"integrity_check: {integrity}")
    stored = dict(database.execute("SELECT id, duration_seconds FROM practice_logs"))
    for log_id, (user, duration) in acknowledged.items():
        if log_id in uncertain:
            continue
        if stored.get(log_id) != duration:
            failures.append(f"acknowledged {log_id} (duration {duration}) stored as {stored.get(log_id)}")
    for log_id in deleted - uncertain:
        if log_id in stored:
            failures.append(f"acknowledged delete of {log_id} but it is stored")
    progress_mismatch = database.execute("""
        SELECT count(*) FROM (SELECT user_id, sheet_music_id, count(*) AS n, max(tempo_practiced) AS t FROM practice_logs
          WHERE sheet_music_id IS NOT NULL GROUP BY user_id, sheet_music_id) l
        LEFT JOIN user_sheet_music_progress p USING (user_id, sheet_music_id)
        WHERE p.times_practiced IS NOT l.n""").fetchone()[0]
    if progress_mismatch:
        failures.append(f"{progress_mismatch} per-piece progress rows differ from a rebuild")
    session_mismatch = database.execute("""
        SELECT count(*) FROM practice_sessions s
        WHERE s.total_exercises != (SELECT count(*) FROM practice_logs l WHERE l.session_id = s.id)""").fetchone()[0]
    if session_mismatch:
        failures.append(f"{session_mismatch} sessions' totals differ from their logs")
    derived = derived_progress(database)
    database.close()
    rebuild = subprocess.run([binary, "progress", "rebuild"], env=env, capture_output=True, text=True)
    if rebuild.returncode != 0:
        failures.append(f"progress rebuild failed: {rebuild.stderr.strip()}")
    database = sqlite3.connect(env["MIRUBATO_DB"])
    rebuilt = derived_progress(database)
    differing = [name for name in derived if derived[name] != rebuilt[name]]
    if differing:
        failures.append(f"derived progress differs from a rebuild in {differing}")
    if internal:
        failures.append(f"{len(internal)} internal or storage errors, e.g. {internal[:2]}")
    if rejected:
        failures.append(f"{len(rejected)} writes rejected, e.g. {rejected[:2]}")
    five_hundreds = sum(count for status, count in statuses.items() if status and status >= 500)
    if five_hundreds and not kills:
        failures.append(f"{five_hundreds} 5xx answers without crashes")

    latencies.sort()
    total = len(latencies)
    print(f"soak: {seconds:.0f} s, {clients} clients, 100 users, {len(killed)} kills ({binary})")
    print(f"requests: {total} ({total / seconds:.0f}/s); statuses {dict(sorted((str(k), v) for k, v in statuses.items()))}")
    print(f"latency p50 {latencies[total // 2] * 1000:.1f} ms, p99 {latencies[int(total * 0.99)] * 1000:.1f} ms")
    print(f"acknowledged logs checked: {len(acknowledged)}; acknowledged deletes: {len(deleted)}; unanswered (during kills): {len(uncertain)}")
    print(f"operator commands beside the load: {len(operator_runs)} ({', '.join(sorted(set(operator_runs)))})")
    print(f"integrity_check: {integrity}; logs stored: {len(stored)}; derived progress rows compared with a rebuild: "
          f"{sum(len(rows) for rows in derived.values())} ({'equal' if not differing else 'DIFFERENT'})")
finally:
    serving.stop(server)

for failure in failures[:20]:
    print("FAILED", failure)
print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
sys.exit(1 if failures else 0)
