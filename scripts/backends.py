#!/usr/bin/env python3
"""Private PostgreSQL and Redis servers for tests and benchmarks: each runs as its own process in
a temporary folder, listening only on a Unix socket there (or on an address the caller gives),
and is stopped by PID. Nothing assumes a system service.

As a script: `backends.py FOLDER -- COMMAND…` starts both in FOLDER, runs COMMAND with
MIRUBATO_TEST_POSTGRES and MIRUBATO_TEST_REDIS set to their URLs, stops both, and exits with
COMMAND's status (what `make test` uses to run the suites against PostgreSQL and Redis).
"""
import os, pwd, shutil, signal, subprocess, sys, time

PG_BIN = "/usr/lib/postgresql/15/bin"


def _as_postgres_user():
    """initdb and postgres refuse to run as root: under root they run as the `postgres` user."""
    if os.getuid() != 0:
        return [], None
    user = pwd.getpwnam("postgres")
    return ["runuser", "-u", "postgres", "--"], user


class Postgres:
    """A PostgreSQL 15 cluster in `folder`: trust authentication for its socket (and for the
    `clients` network, e.g. "10.213.7.0/24", when given), commits as `durability` says (see
    DURABILITY; the cluster soak uses "synced", the benchmarks "flushed")."""

    # What a commit waits for: "none" (tests: no fsync at all), "flushed" (fsync on, commits do
    # not wait for it: a crash of the machine may lose the last moment's commits, as SQLite's
    # WAL with synchronous=NORMAL may) or "synced" (PostgreSQL's defaults: every commit on disk).
    DURABILITY = {"none": ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"],
                  "flushed": ["-c synchronous_commit=off"], "synced": []}

    def __init__(self, folder, listen=None, port=5432, durability="none", clients=None):
        self.folder, self.listen, self.port = os.path.abspath(folder), listen, port
        os.makedirs(self.folder, exist_ok=True)
        prefix, user = _as_postgres_user()
        if user:
            os.chown(self.folder, user.pw_uid, user.pw_gid)
        self.prefix = prefix
        self.data = f"{self.folder}/data"
        subprocess.run(prefix + [f"{PG_BIN}/initdb", "-D", self.data, "-A", "trust", "-U", "mirubato", "-E", "UTF8",
                                 "--locale=C.UTF-8"], check=True, capture_output=True)
        if clients:
            with open(f"{self.data}/pg_hba.conf", "a") as hba:
                hba.write(f"host all all {clients} trust\n")
        options = [f"-c listen_addresses='{listen or ''}'", f"-c port={port}", f"-k {self.folder}", "-c max_connections=200"]
        options += self.DURABILITY[durability]
        self.options = " ".join(options)
        self.start()
        subprocess.run(["psql", "-h", self.folder, "-p", str(port), "-U", "mirubato", "-d", "postgres", "-q", "-c",
                        "CREATE DATABASE mirubato"], check=True, capture_output=True)

    def start(self):
        subprocess.run(self.prefix + [f"{PG_BIN}/pg_ctl", "-D", self.data, "-l", f"{self.folder}/log", "-o", self.options,
                                      "-w", "start"], check=True, capture_output=True)

    def stop(self, mode="fast"):
        subprocess.run(self.prefix + [f"{PG_BIN}/pg_ctl", "-D", self.data, "-m", mode, "-w", "stop"], capture_output=True)

    def url(self, database="mirubato"):
        """A libpq URI over the private socket (or the TCP address when listening on one)."""
        if self.listen:
            return f"postgresql://mirubato@{self.listen}:{self.port}/{database}"
        return f"postgresql://mirubato@/{database}?host={self.folder}&port={self.port}"

    def create_database(self, name):
        subprocess.run(["psql", "-h", self.folder, "-p", str(self.port), "-U", "mirubato", "-d", "postgres", "-q", "-c",
                        f'CREATE DATABASE "{name}" TEMPLATE template0'], check=True, capture_output=True)


class Redis:
    """A Redis 7 server in `folder` on a Unix socket (and a TCP address when given), no persistence."""

    def __init__(self, folder, listen=None, port=6379):
        self.folder = os.path.abspath(folder)
        os.makedirs(self.folder, exist_ok=True)
        self.socket = f"{self.folder}/redis.sock"
        self.listen, self.port = listen, port
        self.arguments = ["redis-server", "--port", str(port if listen else 0), "--unixsocket", self.socket, "--unixsocketperm", "700",
                          "--save", "", "--appendonly", "no", "--dir", self.folder, "--logfile", f"{self.folder}/redis.log"]
        if listen:
            self.arguments += ["--bind", listen, "--protected-mode", "no"]
        self.start()

    def start(self):
        self.process = subprocess.Popen(self.arguments, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.time() + 10
        while not os.path.exists(self.socket):
            if time.time() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"redis-server did not start: {open(f'{self.folder}/redis.log').read()[-500:]}")
            time.sleep(0.05)

    def url(self, database=0):
        if self.listen:
            return f"redis://{self.listen}:{self.port}/{database}"
        return f"unix:{self.socket}?db={database}"

    def stop(self, sig=signal.SIGTERM):
        """Stops the server (SIGKILL, as a crash, when `sig` says so) and waits for it."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if os.path.exists(self.socket):
            os.unlink(self.socket)  # a killed server leaves it; `start` waits for a new one


def main():
    folder, command = sys.argv[1], sys.argv[sys.argv.index("--") + 1:]
    shutil.rmtree(folder, ignore_errors=True)
    postgres = Postgres(f"{folder}/postgres")
    redis = None
    try:
        redis = Redis(f"{folder}/redis")
        env = dict(os.environ, MIRUBATO_TEST_POSTGRES=postgres.url(), MIRUBATO_TEST_REDIS=redis.url(),
                   MIRUBATO_TEST_POSTGRES_SOCKET=postgres.folder)
        status = subprocess.run(command, env=env).returncode
    finally:
        if redis:
            redis.stop()
        postgres.stop()
    shutil.rmtree(folder, ignore_errors=True)
    sys.exit(status)


if __name__ == "__main__":
    main()
