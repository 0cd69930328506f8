#!/usr/bin/env python3
"""Operator tools beside a live server: nothing acknowledged may be lost.

Usage: operator_tools_e2e.py PATH/TO/mirubato
Serves the API through nginx with several workers, writes through HTTP, and between writes runs
what an operator runs against the live files: Debian's `sqlite3` CLI, `mirubato mail list` and
`mirubato backup`. Then it SIGKILLs the whole server (no clean shutdown), starts it again on the
same files, and requires every acknowledged write present, the WAL never unlinked under the live
server, and `PRAGMA integrity_check` ok on the database, the KV file and the backup.
Prints "N passed, M failed"; exit status 1 when anything failed.
"""
import json, os, signal, sqlite3, subprocess, sys, tempfile, urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import serving  # noqa: E402
from checklist import Checklist  # noqa: E402

binary = os.path.abspath(sys.argv[1])
work = tempfile.mkdtemp(prefix="mirubato-operator-")
ENV = dict(os.environ, MIRUBATO_ENV="test", MIRUBATO_JWT_SECRET="test-secret-for-operator-tests-0123456789",
           MIRUBATO_DATA_KEY="0123456789abcdef" * 4, MIRUBATO_RATE_MAGIC_CLIENT="100000/3600",
           MIRUBATO_RATE_REQUESTS="100000/60", MIRUBATO_DB=f"{work}/mirubato.db", MIRUBATO_KV=f"{work}/kv.db")
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


def run(*command):
    return subprocess.run(list(command), env=ENV, capture_output=True, text=True, timeout=60)


acknowledged = []
process, port, _ = serving.start(work, binary, ENV, workers=3)
try:
    for round_number, tool in enumerate(["sqlite3", "mail list", "backup", "sqlite3 again"]):
        for i in range(8):
            email = f"r{round_number}-{i}@example.com"
            if request_link(port, email):
                acknowledged.append(email)
        check(f"{tool}: the WAL exists before", os.path.exists(f"{work}/mirubato.db-wal"))
        if tool.startswith("sqlite3"):
            result = run("sqlite3", f"{work}/mirubato.db", "SELECT count(*) FROM email_outbox")
            check(f"{tool}: sqlite3 counts the outbox", result.returncode == 0 and int(result.stdout.strip() or -1) == len(acknowledged),
                  f"{result.stdout!r} {result.stderr!r} vs {len(acknowledged)}")
            result = run("sqlite3", f"{work}/kv.db", "SELECT count(*) FROM kv")
            check(f"{tool}: sqlite3 reads the KV file", result.returncode == 0, result.stderr)
        elif tool == "mail list":
            result = run(binary, "mail", "list")
            check("mail list shows every message", result.returncode == 0 and f"{len(acknowledged)} pending" in result.stdout,
                  result.stdout[-200:] + result.stderr)
        else:
            result = run(binary, "backup", f"{work}/copy.db")
            check("backup while serving", result.returncode == 0, result.stderr)
            copy = sqlite3.connect(f"{work}/copy.db")
            check("the backup holds every message", copy.execute("SELECT count(*) FROM email_outbox").fetchone()[0] == len(acknowledged))
            check("the backup is intact", copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
            copy.close()
        # The tool has exited: its descriptors are closed. The server's WAL must still be there.
        check(f"{tool}: the live WAL survives the tool", os.path.exists(f"{work}/mirubato.db-wal"))
    for i in range(8):
        email = f"last-{i}@example.com"
        if request_link(port, email):
            acknowledged.append(email)
finally:
    # kill -9 of everything serve started: no clean shutdown, no final checkpoint.
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()

check("every write was acknowledged", len(acknowledged) == 40, f"{len(acknowledged)} of 40")
# The server process follows its killed supervisor instead of serving on, orphaned.
import time
time.sleep(1)
left = subprocess.run(["pgrep", "-f", f"fastcgi unix:{work}/run/"], capture_output=True, text=True).stdout.split()
check("no server process outlives its killed supervisor", not left, left)
process, port, _ = serving.start(work, binary, ENV, workers=3)
try:
    check("the restarted server answers", request_link(port, "after@example.com"))
    acknowledged.append("after@example.com")
finally:
    serving.stop(process)

database = sqlite3.connect(f"{work}/mirubato.db")
stored = {row[0] for row in database.execute("SELECT recipient FROM email_outbox")}
missing = [email for email in acknowledged if email not in stored]
check("every acknowledged write survives kill -9", not missing, f"{len(missing)} lost, e.g. {missing[:3]}")
check("the database is intact", database.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
database.close()
kv = sqlite3.connect(f"{work}/kv.db")
check("the KV file is intact", kv.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
kv.close()
mode = os.stat(f"{work}/mirubato.db").st_mode & 0o777
check("the database file is private (0600)", mode == 0o600, oct(mode))

report.finish("operator tools")
