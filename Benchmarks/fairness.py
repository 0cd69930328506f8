#!/usr/bin/env python3
"""Does a client sending the costliest requests the limits allow slow everyone else down?

Usage: Benchmarks/fairness.py [PATH/TO/mirubato] [SECONDS=20] [--unlimited]
Serves the API through nginx with the default workers (4). Two anonymous clients send, back to
back, the most expensive catalogue query the limits allow (a 30-piece page with every
measure's notes, cost about 9,300 of 10,000), while a signed-in client sends `{ __typename }`
one after another. Prints the light client's latency p50/p99 alone and beside the heavy load,
and what the heavy clients got (answers by code). `--unlimited` lifts the request rate limit, to
see what the cost limit alone allows (heavy clients from many addresses). A benchmark, not a test: the numbers depend on
the machine, so compare them within one run.
"""
import json, os, subprocess, sys, tempfile, threading, time, urllib.error, urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import serving  # noqa: E402

arguments = [argument for argument in sys.argv[1:] if not argument.startswith("--")]
binary = os.path.abspath(arguments[0] if arguments else os.path.join(ROOT, ".build/release/mirubato"))
seconds = float(arguments[1]) if len(arguments) > 1 else 20
work = tempfile.mkdtemp(prefix="mirubato-fairness-")
ENV = dict(os.environ, MIRUBATO_ENV="test", MIRUBATO_JWT_SECRET="bench-secret-for-fairness-0123456789abc",
           MIRUBATO_DATA_KEY="0123456789abcdef" * 4)
if "--unlimited" in sys.argv:
    ENV["MIRUBATO_RATE_REQUESTS"] = "100000000/60"
HEAVY = "{ listSheetMusic(limit: 30) { edges { node { title measures { number clef notes { keys } } } } } }"


def post(port, query, token=None):
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", json.dumps({"query": query}).encode(), headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        return json.loads(error.read() or b"{}")


def light(port, token, duration):
    """Latencies of `{ __typename }` sent one after another for `duration` seconds."""
    latencies, stop = [], time.time() + duration
    while time.time() < stop:
        started = time.time()
        post(port, "{ __typename }", token)
        latencies.append(time.time() - started)
    latencies.sort()
    return latencies


def percentiles(latencies):
    return latencies[len(latencies) // 2] * 1000, latencies[int(len(latencies) * 0.99)] * 1000


subprocess.run([binary, "seed", "--db", f"{work}/mirubato.db", "--kv", f"{work}/kv.db"], env=ENV, check=True, capture_output=True)
process, port, env = serving.start(work, binary, ENV)
try:
    token = serving.sign_in(port, binary, env, "light@example.com")
    cost = post(port, HEAVY).get("extensions", {}).get("cost")
    alone = light(port, token, seconds / 2)
    outcomes, stop = {}, time.time() + seconds
    lock = threading.Lock()

    def heavy():
        while time.time() < stop:
            answer = post(port, HEAVY)
            code = ((answer.get("errors") or [{}])[0].get("extensions", {}).get("code")) or "data"
            with lock:
                outcomes[code] = outcomes.get(code, 0) + 1

    threads = [threading.Thread(target=heavy) for _ in range(2)]
    [thread.start() for thread in threads]
    loaded = light(port, token, seconds)
    [thread.join() for thread in threads]
finally:
    serving.stop(process)

print(f"heavy query cost: {cost}")
print(f"{{ __typename }} alone:       p50 {percentiles(alone)[0]:.1f} ms, p99 {percentiles(alone)[1]:.1f} ms ({len(alone)} requests)")
print(f"{{ __typename }} beside load: p50 {percentiles(loaded)[0]:.1f} ms, p99 {percentiles(loaded)[1]:.1f} ms ({len(loaded)} requests)")
print(f"heavy clients' answers: {outcomes}")
