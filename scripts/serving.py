"""Shared by the HTTP test and benchmark scripts: start `scripts/serve` on free loopback ports,
wait until it answers, and stop everything it started."""
import json, os, re, signal, socket, subprocess, tempfile, time, urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
# `scripts/serve`'s (and `mirubato serve`'s) worker threads when MIRUBATO_WORKERS names none.
DEFAULT_WORKERS = 4


def free_port():
    """A loopback port nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(folder, binary, environment, workers=None, database=None, kv=None):
    """Starts nginx + the handler with the database files in `folder` (or the given database URI
    and KV URL), with `workers` workers (else the environment's MIRUBATO_WORKERS, else the
    serve script's default); answers (process, port, env)."""
    port = free_port()
    env = dict(environment, MIRUBATO_DB=database or f"{folder}/mirubato.db", MIRUBATO_KV=kv or f"{folder}/kv.db", PORT=str(port),
               MIRUBATO_RUN=f"{folder}/run", MIRUBATO_BIN=binary)
    if workers is not None:
        env["MIRUBATO_WORKERS"] = str(workers)
    process = subprocess.Popen([os.path.join(ROOT, "scripts/serve")], env=env, stdout=subprocess.DEVNULL,
                               stderr=open(f"{folder}/serve.log", "w"), start_new_session=True)
    wait_until_healthy(port, 60)
    return process, port, env


def postgres_database(name):
    """The URI of database `name` on the test server (MIRUBATO_TEST_POSTGRES, scripts/backends.py)."""
    base, _, query = os.environ["MIRUBATO_TEST_POSTGRES"].partition("?")
    return base.rsplit("/", 1)[0] + "/" + name + ("?" + query if query else "")


def psql(sql, database="postgres"):
    """Runs one statement on the test server with psql, as an operator would; answers its output."""
    return subprocess.run(["psql", postgres_database(database), "-tAqc", sql], check=True, capture_output=True, text=True).stdout.strip()


def stores(folder, name, template=None):
    """The database and KV cache of a test run: files in `folder`, or, under scripts/backends.py
    (MIRUBATO_TEST_POSTGRES, MIRUBATO_TEST_REDIS), a new PostgreSQL database `name` (a copy of
    `template` when given) and a Redis namespace of that name."""
    database = f"{folder}/mirubato.db"
    if os.environ.get("MIRUBATO_TEST_POSTGRES"):
        psql(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
        database = postgres_database(name)
    return database, kv_store(folder, name, file="kv.db")


def kv_store(folder, name, file=None):
    """A KV cache of its own: the file `file` (else NAME-kv.db) in `folder`, or under
    scripts/backends.py the Redis namespace NAME. Rate budgets live there: a server started on a
    new one starts with fresh budgets, as a restart on the same Redis does not."""
    redis = os.environ.get("MIRUBATO_TEST_REDIS")
    if redis:
        return redis + ("&" if "?" in redis else "?") + f"prefix={name}:"
    return f"{folder}/{file or name + '-kv.db'}"


def redis_cli(kv, *arguments):
    """Runs redis-cli on the server of a Redis KV URL of `kv_store` (its socket and database);
    answers the completed process."""
    socket_path, _, query = kv[len("unix:"):].partition("?")
    database = next((part[3:] for part in query.split("&") if part.startswith("db=")), "0")
    return subprocess.run(["redis-cli", "-s", socket_path, "-n", database, *arguments], capture_output=True, text=True)


def wait_until_healthy(port, seconds):
    """Waits until http://127.0.0.1:PORT/healthz answers 200; answers whether it did in time."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).status == 200:
                return True
        except OSError:
            time.sleep(0.1)
    return False


def stop(process):
    """Stops the serve script and everything it started (its process group)."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def magic_token(binary, env, email=None):
    """The token of the newest pending sign-in link (to `email`, when given), read as an operator
    would with `mirubato mail list --body`: bodies are encrypted in the database."""
    listing = subprocess.run([binary, "mail", "list", "--body"], env=env, capture_output=True, text=True, check=True).stdout
    token, recipient = None, None
    for line in listing.splitlines():
        if not line.startswith("    "):
            found = re.search(r"  to (\S+)  ", line)
            recipient = found.group(1) if found else None
            continue
        link = re.search(r"/auth/verify\?token=([A-Za-z0-9_-]+)", line)
        if link and (email is None or recipient == email):
            token = link.group(1)  # the listing is oldest first: the last match is the newest
    return token


def sign_in(port, binary, env, email):
    """Signs `email` in as a user would: asks for a magic link over HTTP, reads it from the
    outbox (`magic_token`) and verifies it; answers the access token. The one sign-in every
    Python test and benchmark uses."""
    def graphql(query, variables):
        request = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", json.dumps({"query": query, "variables": variables}).encode(),
                                         {"Content-Type": "application/json", "Accept": "application/json"})
        return json.load(urllib.request.urlopen(request, timeout=30))
    graphql("mutation($e: String!) { requestMagicLink(email: $e) { success } }", {"e": email})
    answer = graphql("mutation($t: String!) { verifyMagicLink(token: $t) { accessToken } }", {"t": magic_token(binary, env, email)})
    return answer["data"]["verifyMagicLink"]["accessToken"]


def seeded_app(binary, prefix, **environment):
    """A seeded SQLite database in a new folder and `mirubato serve` behind nginx on it, as the
    browser suites use: (process, port, environment). `environment` adds or overrides variables."""
    folder = tempfile.mkdtemp(prefix=prefix)
    env = dict(os.environ, MIRUBATO_ENV="development", MIRUBATO_JWT_SECRET=f"{prefix}secret-for-browser-tests-0123456789ab",
               MIRUBATO_DATA_KEY="0123456789abcdef" * 4, MIRUBATO_DB=f"{folder}/mirubato.db", MIRUBATO_KV=f"{folder}/kv.db", **environment)
    subprocess.run([binary, "seed"], env=env, check=True, capture_output=True)
    process, port, _ = start(folder, binary, env)
    return process, port, env
