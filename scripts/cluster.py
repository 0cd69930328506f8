"""Several handler hosts on one machine, for the tests and benchmarks that cross a network:
each host is a network namespace joined to a bridge by a veth pair, runs one
`mirubato serve --fastcgi ADDRESS:9000` from its own empty folder, and reaches PostgreSQL and
Redis over TCP on the bridge's address in this namespace; nginx here balances across the hosts
(`scripts/serve` with MIRUBATO_UPSTREAMS) on a loopback port. Everything is created with
addresses this run picks, and removed (processes by PID, namespaces, links) by `close`.
Needs root (or CAP_NET_ADMIN) for `ip netns` and `ip link`.
"""
import os, random, shutil, signal, socket, subprocess, time

import backends, serving

HANDLER_PORT = 9000


def ip(*arguments, namespace=None):
    prefix = ["ip", "netns", "exec", namespace] if namespace else []
    subprocess.run(prefix + ["ip", *arguments], check=True, capture_output=True)


class Cluster:
    """`hosts` handler hosts with `workers` workers each, PostgreSQL (its commits as
    `durability` says: backends.Postgres.DURABILITY) and Redis, and nginx in front.
    `environment` holds the handlers' other MIRUBATO_* settings (the secrets among them: every
    host must share them)."""

    def __init__(self, folder, binary, environment, hosts=3, workers=2, durability="synced"):
        self.folder, self.binary = os.path.abspath(folder), binary
        os.makedirs(self.folder, exist_ok=True)
        tag = "%04x" % random.randrange(0x10000)
        subnet = random.randrange(1, 250)
        self.bridge, self.gateway = f"mb{tag}", f"10.213.{subnet}.1"
        self.namespaces = [f"mirubato-{tag}-{index}" for index in range(hosts)]
        self.addresses = [f"10.213.{subnet}.{11 + index}" for index in range(hosts)]
        self.processes = [None] * hosts
        self.generations = [0] * hosts
        self.workers = workers
        self.postgres = self.redis = self.balancer = None
        try:
            self._network(subnet)
            self.postgres = backends.Postgres(f"{self.folder}/postgres", listen=self.gateway, port=serving.free_port(),
                                              durability=durability, clients=f"10.213.{subnet}.0/24")
            self.redis = backends.Redis(f"{self.folder}/redis", listen=self.gateway, port=serving.free_port())
            # The hosts reach the engines over the bridge; operators here use the same URLs.
            self.env = dict(environment, MIRUBATO_DB=self.postgres.url(), MIRUBATO_KV=self.redis.url())
            subprocess.run([binary, "migrate"], env=self.env, check=True, capture_output=True)
            for index in range(hosts):
                self.start_host(index)
            os.makedirs(f"{self.folder}/balancer")
            upstreams = ",".join(f"{address}:{HANDLER_PORT}" for address in self.addresses)
            self.balancer, self.port, _ = serving.start(f"{self.folder}/balancer", binary, dict(self.env, MIRUBATO_UPSTREAMS=upstreams),
                                                       database=self.env["MIRUBATO_DB"], kv=self.env["MIRUBATO_KV"])
        except BaseException:
            self.close()
            raise

    def _network(self, subnet):
        ip("link", "add", self.bridge, "type", "bridge")
        ip("addr", "add", f"{self.gateway}/24", "dev", self.bridge)
        ip("link", "set", self.bridge, "up")
        for index, (namespace, address) in enumerate(zip(self.namespaces, self.addresses)):
            ip("netns", "add", namespace)
            veth = f"{self.bridge}h{index}"
            ip("link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", namespace)
            ip("link", "set", veth, "master", self.bridge, "up")
            ip("addr", "add", f"{address}/24", "dev", "eth0", namespace=namespace)
            ip("link", "set", "eth0", "up", namespace=namespace)
            ip("link", "set", "lo", "up", namespace=namespace)

    def start_host(self, index):
        """Starts host `index`'s handler from a new empty folder; waits until it accepts."""
        self.generations[index] += 1
        home = f"{self.folder}/host{index}-{self.generations[index]}"
        os.makedirs(home)
        address = f"{self.addresses[index]}:{HANDLER_PORT}"
        self.processes[index] = subprocess.Popen(
            ["ip", "netns", "exec", self.namespaces[index], self.binary, "serve", "--fastcgi", address, "--workers", str(self.workers)],
            cwd=home, env=dict(self.env, HOME=home), stdout=subprocess.DEVNULL, stderr=open(f"{home}/serve.log", "w"),
            start_new_session=True)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                socket.create_connection((self.addresses[index], HANDLER_PORT), timeout=1).close()
                return
            except OSError:
                if self.processes[index].poll() is not None:
                    raise RuntimeError(f"host {index} exited: {open(f'{home}/serve.log').read()[-500:]}")
                time.sleep(0.05)
        raise RuntimeError(f"host {index} did not listen on {address}")

    def kill_host(self, index):
        """SIGKILLs every process of host `index`'s namespace at once, as a lost machine."""
        pids = subprocess.run(["ip", "netns", "pids", self.namespaces[index]], capture_output=True, text=True).stdout.split()
        for pid in pids:
            try:
                os.kill(int(pid), signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self.processes[index]:
            self.processes[index].wait()
            self.processes[index] = None

    def restart_postgres(self, pause=1.0):
        """Stops PostgreSQL as a crash does (immediate: no checkpoint; recovery replays the WAL),
        waits `pause` seconds and starts it again."""
        self.postgres.stop("immediate")
        time.sleep(pause)
        self.postgres.start()

    def restart_redis(self, pause=1.0):
        """Kills Redis (SIGKILL: no persistence, so it comes back empty), waits `pause` seconds
        and starts it again."""
        self.redis.stop(signal.SIGKILL)
        time.sleep(pause)
        self.redis.start()

    def rows(self, sql):
        """A query's rows through psql, as tuples of text."""
        done = subprocess.run(["psql", self.postgres.url(), "-tAX", "-F", "\x1f", "-c", sql], capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"psql: {done.stderr.strip()}")
        return [tuple(line.split("\x1f")) for line in done.stdout.splitlines()]

    def close(self):
        if self.balancer:
            serving.stop(self.balancer)
        for index in range(len(self.namespaces)):
            self.kill_host(index)
        for namespace in self.namespaces:
            subprocess.run(["ip", "netns", "del", namespace], capture_output=True)
        subprocess.run(["ip", "link", "del", self.bridge], capture_output=True)
        if self.redis:
            self.redis.stop()
        if self.postgres:
            self.postgres.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
