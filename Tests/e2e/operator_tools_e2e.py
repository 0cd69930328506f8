#!/usr/bin/env python3
"""Operator tools beside a live server: nothing acknowledged may be lost.

Usage: operator_tools_e2e.py PATH/TO/mirubato   (under scripts/backends.py: on PostgreSQL + Redis)
Serves the API through nginx with several workers, writes through HTTP, and between writes runs
what an operator runs against the live stores: Debian's `sqlite3` CLI (psql and redis-cli on
PostgreSQL + Redis), `mirubato mail list`, `mirubato migrate` and `--status`, and
`mirubato backup` (pg_dump), restored with `mirubato restore` (pg_restore) into a store of its
own. Then it SIGKILLs the whole server (no clean shutdown), starts it again on the same stores,
and requires every acknowledged write present, the WAL never unlinked under the live server,
the database, the KV file and the restored backup intact (`PRAGMA integrity_check`, or
pg_amcheck), and no file made of a database URL.
Prints "N passed, M failed"; exit status 1 when anything failed.
"""
import json, os, signal, sqlite3, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import backends, serving  # noqa: E402
from checklist import Checklist  # noqa: E402

binary = os.path.abspath(sys.argv[1])
work = tempfile.mkdtemp(prefix="mirubato-operator-")
# Under scripts/backends.py: a PostgreSQL database and a Redis namespace of this run instead.
POSTGRES = bool(os.environ.get("MIRUBATO_TEST_POSTGRES"))
database, kv = serving.stores(work, "operator_tools")
ENV = dict(os.environ, MIRUBATO_ENV="test", MIRUBATO_JWT_SECRET="test-secret-for-operator-tests-0123456789",
           MIRUBATO_DATA_KEY="0123456789abcdef" * 4, MIRUBATO_RATE_MAGIC_CLIENT="100000/3600",
           MIRUBATO_RATE_REQUESTS="100000/60", MIRUBATO_DB=database, MIRUBATO_KV=kv)
report = Checklist()
check, failed = report.check, report.failed


def request_link(port, email):
    """Asks for a magic link; answers whether the server acknowledged it."""
    body = json.dumps({"query": "mutation($e: String!) { requestMagicLink(email: $e) { success } }",
                       "variables": {"e": email}}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", data=body, method="POST",
                                     headers={"Content-Type": "application/json", "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = json.loads(response.read())
    return (answer.get("data") or {}).get("requestMagicLink", {}).get("success") is True


def run(*command, env=None):
    # From the run's folder: a command that took a URL for a path would leave a file there.
    return subprocess.run(list(command), env=env or ENV, cwd=work, capture_output=True, text=True, timeout=60)


def outbox_count(database_env=None):
    """The outbox's size as an operator reads it: Debian's sqlite3 on the file, or psql."""
    target = (database_env or ENV)["MIRUBATO_DB"]
    if POSTGRES:
        return run("psql", target, "-tAXc", "SELECT count(*) FROM email_outbox")
    return run("sqlite3", target, "SELECT count(*) FROM email_outbox")


def kv_readable():
    """Reads the KV cache beside the server: sqlite3 on its file, or redis-cli on the namespace."""
    if POSTGRES:
        return serving.redis_cli(kv, "--scan", "--pattern", "operator_tools:*")
    return run("sqlite3", f"{work}/kv.db", "SELECT count(*) FROM kv")


def stored_recipients():
    if POSTGRES:
        return set(serving.psql("SELECT recipient FROM email_outbox", "operator_tools").split())
    with sqlite3.connect(f"{work}/mirubato.db") as connection:
        return {row[0] for row in connection.execute("SELECT recipient FROM email_outbox")}


def check_intact(what, target):
    """PostgreSQL's pg_amcheck (every table and index of the database), or integrity_check."""
    if POSTGRES:
        result = run(f"{backends.PG_BIN}/pg_amcheck", "--install-missing", "--heapallindexed", target)
        check(f"{what} passes pg_amcheck", result.returncode == 0, result.stdout[-300:] + result.stderr[-300:])
    else:
        connection = sqlite3.connect(target)
        check(f"{what} passes integrity_check", connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
        connection.close()


def wal_present(tool, when):
    if not POSTGRES:
        check(f"{tool}: the WAL exists {when}", os.path.exists(f"{work}/mirubato.db-wal"))


# SQLite: the operator's reads of the live files must leave the server's WAL and locks alone.
# PostgreSQL: the same story with psql, pg_dump/pg_restore behind backup/restore, and redis-cli.
TOOLS = ["count", "mail list", "backup", "migrate", "count again"]
acknowledged = []
process, port, _ = serving.start(work, binary, ENV, workers=3, database=database, kv=kv)
try:
    for round_number, tool in enumerate(TOOLS):
        for i in range(8):
            email = f"r{round_number}-{i}@example.com"
            if request_link(port, email):
                acknowledged.append(email)
        wal_present(tool, "before")
        if tool.startswith("count"):
            result = outbox_count()
            check(f"{tool}: the operator counts the outbox", result.returncode == 0 and int(result.stdout.strip() or -1) == len(acknowledged),
                  f"{result.stdout!r} {result.stderr!r} vs {len(acknowledged)}")
            result = kv_readable()
            check(f"{tool}: the operator reads the KV cache", result.returncode == 0, result.stderr)
        elif tool == "mail list":
            result = run(binary, "mail", "list")
            check("mail list shows every message", result.returncode == 0 and f"{len(acknowledged)} pending" in result.stdout,
                  result.stdout[-200:] + result.stderr)
            if POSTGRES:
                # The outbox is in the database: an operator reads it while Redis is down (here: a
                # KV URL nothing listens on), as the cluster soak's operator does during its outage.
                result = run(binary, "mail", "list", env=dict(ENV, MIRUBATO_KV="redis://127.0.0.1:1/0"))
                check("mail list works while Redis is down", result.returncode == 0 and f"{len(acknowledged)} pending" in result.stdout,
                      result.stdout[-200:] + result.stderr)
        elif tool == "migrate":
            # On the live database: nothing pending, nothing applied, and no file created for it.
            result = run(binary, "migrate", "--status")
            check("migrate --status lists only applied migrations", result.returncode == 0 and "applied" in result.stdout
                  and "pending" not in result.stdout, result.stdout[-300:] + result.stderr)
            result = run(binary, "migrate")
            check("migrate on the live database has nothing to do", result.returncode == 0 and "up to date" in result.stdout,
                  result.stdout[-300:] + result.stderr)
        else:
            result = run(binary, "backup", f"{work}/copy.db")
            check("backup while serving", result.returncode == 0, result.stderr)
            # The copy is restored into a database of its own and read there.
            copy_database, _ = serving.stores(work, "operator_copy") if POSTGRES else (f"{work}/restored.db", None)
            copy_env = dict(ENV, MIRUBATO_DB=copy_database)
            result = run(binary, "restore", f"{work}/copy.db", env=copy_env)
            check("the backup restores", result.returncode == 0, result.stdout[-200:] + result.stderr[-300:])
            result = outbox_count(copy_env)
            check("the backup holds every message", result.stdout.strip() == str(len(acknowledged)), result.stdout + result.stderr)
            check_intact("the restored backup", copy_database)
        # The tool has exited: its descriptors are closed. The server's WAL must still be there.
        wal_present(tool, "after the tool")
    for i in range(8):
        email = f"last-{i}@example.com"
        if request_link(port, email):
            acknowledged.append(email)
finally:
    # kill -9 of everything serve started: no clean shutdown, no final checkpoint.
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()

check("every write was acknowledged", len(acknowledged) == 48, f"{len(acknowledged)} of 48")
# The server process follows its killed supervisor instead of serving on, orphaned.
time.sleep(1)
left = subprocess.run(["pgrep", "-f", f"fastcgi unix:{work}/run/"], capture_output=True, text=True).stdout.split()
check("no server process outlives its killed supervisor", not left, left)
process, port, _ = serving.start(work, binary, ENV, workers=3, database=database, kv=kv)
try:
    check("the restarted server answers", request_link(port, "after@example.com"))
    acknowledged.append("after@example.com")
finally:
    serving.stop(process)

missing = [email for email in acknowledged if email not in stored_recipients()]
check("every acknowledged write survives kill -9", not missing, f"{len(missing)} lost, e.g. {missing[:3]}")
check_intact("the database", database)
if not POSTGRES:
    check_intact("the KV file", f"{work}/kv.db")
    mode = os.stat(f"{work}/mirubato.db").st_mode & 0o777
    check("the database file is private (0600)", mode == 0o600, oct(mode))
check("no command made a file of a database URL", not any(name.startswith(("postgres", "redis", "unix")) for name in os.listdir(work)),
      os.listdir(work))

report.finish("operator tools" + (" (PostgreSQL + Redis)" if POSTGRES else ""))
