#!/usr/bin/env python3
"""Recordings through nginx + FastCGI (issue 33), beside nginx doing the same byte work alone.

Usage: Benchmarks/recordings_bench.py PATH/TO/mirubato [SECONDS]
- Upload: a 8 MiB WAV as a GraphQL multipart request (`uploadRecording`), 16 one after another
  and 16 from 4 clients at once, in MiB/s; beside it the same bodies POSTed to a plain nginx
  that reads and discards them (the floor of moving the bytes through nginx).
- Playback: the signed link of that recording (the handler checks it, nginx sends the cached
  copy by X-Accel-Redirect), whole and as a 64 KiB Range (an <audio> element seeking), with wrk
  -t2 -c8; beside it the same file sent statically by a plain nginx with the same workers.
"""
import json, os, struct, subprocess, sys, tempfile, threading, time, urllib.parse, urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import serving  # noqa: E402

binary = os.path.abspath(sys.argv[1])
seconds = sys.argv[2] if len(sys.argv) > 2 else "10"
folder = tempfile.mkdtemp(prefix="mirubato-recordings-bench-")
env = dict(os.environ, MIRUBATO_ENV="development", MIRUBATO_JWT_SECRET="recordings-bench-secret-0123456789abcdef0123",
           MIRUBATO_DATA_KEY="0123456789abcdef" * 4, MIRUBATO_RATE_REQUESTS="100000000/60", MIRUBATO_RATE_MAGIC_CLIENT="1000/60",
           MIRUBATO_DB=f"{folder}/mirubato.db", MIRUBATO_KV=f"{folder}/kv.db", MIRUBATO_REMIND="off")
subprocess.run([binary, "seed"], env=env, check=True, capture_output=True)

SIZE = 8 << 20
samples = os.urandom(SIZE - 44)
wav = b"RIFF" + struct.pack("<I", SIZE - 8) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, 44_100, 88_200, 2, 16) + b"data" + struct.pack("<I", len(samples)) + samples
BOUNDARY = "mirubato-bench-boundary"


def multipart(log):
    operations = json.dumps({"query": "mutation($l: ID!, $f: Upload!) { uploadRecording(logId: $l, file: $f) { id url } }",
                             "variables": {"l": log, "f": None}})
    head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{operations}\r\n"
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"map\"\r\n\r\n{{\"0\": [\"variables.f\"]}}\r\n"
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"0\"; filename=\"take.wav\"\r\nContent-Type: audio/wav\r\n\r\n").encode()
    return head + wav + f"\r\n--{BOUNDARY}--\r\n".encode()


def post(url, body, token=None):
    headers = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}", "apollo-require-preflight": "1", "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    with urllib.request.urlopen(urllib.request.Request(url, body, headers), timeout=120) as answer:
        return answer.read()


def uploads(url, body, token, count, clients):
    """MiB/s of `count` uploads from `clients` clients at once; answers (MiB/s, last answer)."""
    answers, lock = [], threading.Lock()

    def client(n):
        for _ in range(n):
            answer = post(url, body, token)
            with lock:
                answers.append(answer)
    began = time.monotonic()
    threads = [threading.Thread(target=client, args=(count // clients,)) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return count * len(body) / (1 << 20) / (time.monotonic() - began), answers[-1]


def wrk(url, extra=()):
    out = subprocess.run(["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", *extra, url], capture_output=True, text=True).stdout
    rate = float(next(line.split()[1] for line in out.splitlines() if line.startswith("Requests/sec")))
    transfer = next(line.split()[1] for line in out.splitlines() if line.startswith("Transfer/sec"))
    p99 = next(line.split()[1] for line in out.splitlines() if line.strip().startswith("99%"))
    non2xx = next((line.split()[-1] for line in out.splitlines() if "Non-2xx" in line), "0")
    return rate, transfer, p99, non2xx


process, port, env = serving.start(folder, binary, env)
static_dir = f"{folder}/static"
os.makedirs(f"{static_dir}/tmp", exist_ok=True)
static_port = serving.free_port()
user = "user root root;" if os.getuid() == 0 else ""
with open(f"{static_dir}/nginx.conf", "w") as handle:
    handle.write(f"""{user}
worker_processes 2; daemon off; pid {static_dir}/nginx.pid; error_log {static_dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{ access_log off; client_body_temp_path {static_dir}/tmp; client_max_body_size 64m; client_body_buffer_size 1m;
  server {{ listen 127.0.0.1:{static_port};
    location = /sink {{ return 204; }}
    location /files/ {{ alias {folder}/run/recordings/; default_type audio/wav; }} }} }}
""")
static = subprocess.Popen(["nginx", "-c", f"{static_dir}/nginx.conf", "-p", static_dir], stderr=subprocess.DEVNULL)
try:
    token = serving.sign_in(port, binary, env, "bench@example.com")
    request = urllib.request.Request(f"http://127.0.0.1:{port}/graphql",
                                     json.dumps({"query": "mutation { createPracticeLog(input: {activityType: REPERTOIRE, durationSeconds: 600}) { id } }"}).encode(),
                                     {"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    log = json.load(urllib.request.urlopen(request))["data"]["createPracticeLog"]["id"]
    body = multipart(log)
    time.sleep(0.5)
    rows = []
    for clients in (1, 4):
        ours, answer = uploads(f"http://127.0.0.1:{port}/graphql", body, token, 16, clients)
        floor, _ = uploads(f"http://127.0.0.1:{static_port}/sink", body, None, 16, clients)
        rows.append((clients, ours, floor))
    recording = json.loads(answer)["data"]["uploadRecording"]
    link = urllib.parse.urlsplit(recording["url"])
    path = f"{link.path}?{link.query}"
    urllib.request.urlopen(f"http://127.0.0.1:{port}{path}").read()  # the first request writes the cached copy
    cached = next(name for name in os.listdir(f"{folder}/run/recordings") if name.startswith(recording["id"]))
    print(f"{binary}; a {SIZE >> 20} MiB WAV; nginx + FastCGI ({serving.DEFAULT_WORKERS} workers) on SQLite; the floors from a plain nginx with 2 workers")
    print("| upload | clients | MiB/s | nginx reading the same body | ratio |")
    print("|---|---|---|---|---|")
    for clients, ours, floor in rows:
        print(f"| `uploadRecording`, 16 x {SIZE >> 20} MiB | {clients} | {ours:.1f} | {floor:.1f} | {ours / floor:.2f} |")
    print(f"| playback (wrk -t2 -c8 -d{seconds}s) | requests/s | transfer/s | p99 | non-2xx | nginx static requests/s | transfer/s | p99 | ratio |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, extra in [("whole file", ()), ("64 KiB Range", ("-H", "Range: bytes=1048576-1114111"))]:
        ours = wrk(f"http://127.0.0.1:{port}{path}", extra)
        floor = wrk(f"http://127.0.0.1:{static_port}/files/{cached}", extra)
        print(f"| {label} | {ours[0]:.0f} | {ours[1]} | {ours[2]} | {ours[3]} | {floor[0]:.0f} | {floor[1]} | {floor[2]} | {ours[0] / floor[0]:.2f} |")
finally:
    static.terminate()
    serving.stop(process)
