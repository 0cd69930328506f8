"""PostgreSQL's own floor for a request: the statements one request sent, captured from the
server's log, replayed with pgbench on the same server (prepared statements, as the handler
sends them), statement by statement and as one pipeline. A request can run no faster than the
server runs its SQL; the benchmarks print their req/s as a ratio to this.

`capture` reads what the server ran for one request (log_statement=all for the moment of it);
`replay` runs those statements as pgbench transactions and answers the transactions a second.
"""
import os, re, subprocess, tempfile, time

PGBENCH = "/usr/lib/postgresql/15/bin/pgbench"
# A log line that starts a message: "2026-12-07 03:29:03.785 UTC [8756] LOG:  …" (the default prefix).
MESSAGE = re.compile(r"^\d{4}-\d\d-\d\d [\d:.]+ \w+ \[\d+\] (\w+):  (.*)$")
STATEMENT = re.compile(r"^(?:execute [^:]+|statement): (.*)$", re.S)
PARAMETER = re.compile(r"\$(\d+) = (NULL|'(?:[^']|'')*')")


class Statement:
    """One statement as the server ran it: its SQL ($n placeholders) and its parameters' values
    (text, or None for NULL), by number."""

    def __init__(self, sql):
        self.sql, self.parameters = sql, {}


def messages(text):
    """(level, message) of each log message in `text`, continuation lines joined."""
    found = []
    for line in text.splitlines():
        match = MESSAGE.match(line)
        if match:
            found.append([match.group(1), match.group(2)])
        elif found and line.startswith("\t"):
            found[-1][1] += "\n" + line[1:]
    return found


def capture(postgres_folder, url, request):
    """The statements the server ran while `request()` (one request to the handler) ran."""
    settings(url, "ALTER SYSTEM SET log_statement = 'all'")
    log = f"{postgres_folder}/log"
    start = os.path.getsize(log)
    try:
        request()
        time.sleep(0.3)  # the server writes its log after answering
    finally:
        settings(url, "ALTER SYSTEM RESET log_statement")
    with open(log, errors="replace") as handle:
        handle.seek(start)
        text = handle.read()
    statements = []
    for level, message in messages(text):
        if level == "LOG" and (match := STATEMENT.match(message)):
            if "log_statement" in match.group(1) or "pg_reload_conf" in match.group(1):
                continue
            statements.append(Statement(match.group(1)))
        elif level == "DETAIL" and message.startswith("parameters: ") and statements:
            statements[-1].parameters = {int(number): None if value == "NULL" else value[1:-1].replace("''", "'")
                                         for number, value in PARAMETER.findall(message)}
    return statements


def settings(url, command):
    subprocess.run(["psql", url, "-q", "-c", command, "-c", "SELECT pg_reload_conf()"], check=True, capture_output=True)


def script(statements, unique=None, pipelined=False):
    """A pgbench script of `statements` and the variables (-D) it reads. Each parameter becomes a
    variable, so pgbench sends it bound to a prepared statement as the handler does; the
    parameter `unique` gives as (statement index, number) takes a fresh random value in every
    transaction (a new row's id)."""
    variables, lines = {}, []
    if unique:
        lines.append("\\set unique random(1, 9000000000000000000)")
    if pipelined:
        lines.append("\\startpipeline")
    for index, statement in enumerate(statements):
        def bound(match):
            number = int(match.group(1))
            if unique == (index, number):
                return ":unique"
            value = statement.parameters.get(number)
            if value is None:
                return "NULL"
            if value == "":
                return "''"  # pgbench refuses an empty -D value
            name = variables.setdefault(value, f"v{len(variables)}")
            return ":" + name
        sql = re.sub(r"\$(\d+)", bound, " ".join(statement.sql.split()))
        lines.append(sql + ";")
    if pipelined:
        lines.append("\\endpipeline")
    return "\n".join(lines) + "\n", {name: value for value, name in variables.items()}


def replay(url, statements, clients, seconds, unique=None, pipelined=False):
    """Transactions a second of pgbench running `statements` from `clients` connections
    (prepared protocol, one thread per client up to 2) for `seconds`."""
    text, variables = script(statements, unique, pipelined)
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as handle:
        handle.write(text)
    try:
        command = [PGBENCH, "-n", "-M", "prepared", "-c", str(clients), "-j", str(min(clients, 2)), "-T", str(seconds), "-f", handle.name]
        for name, value in variables.items():
            command += ["-D", f"{name}={value}"]
        done = subprocess.run(command + [url], capture_output=True, text=True)
    finally:
        os.unlink(handle.name)
    found = re.search(r"tps = ([\d.]+)", done.stdout)
    if done.returncode != 0 or not found:
        raise SystemExit(f"pgbench failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return float(found.group(1))


def inserted_id(statements, table):
    """(index, 1) of the INSERT INTO `table` among `statements`: its first parameter is the new
    row's id, which every replayed transaction must draw afresh."""
    for index, statement in enumerate(statements):
        if statement.sql.lstrip().startswith(f"INSERT INTO {table} "):
            return index, 1
    return None
