#!/usr/bin/env python3
"""Production mode, health for orchestrators and trace context, through the real nginx.

Usage: production_e2e.py PATH/TO/mirubato
Serves once in production and once in development and checks: introspection refused in
production unless MIRUBATO_INTROSPECTION=on, "Did you mean" suggestions only in development,
/livez and /readyz, W3C traceparent continued into `traceresponse` and the log line, and
Server-Timing in development only. Prints "N passed, M failed"; exit status 1 when anything failed.
"""
import json, os, sys, tempfile, urllib.error, urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import serving  # noqa: E402
from checklist import Checklist  # noqa: E402

binary = os.path.abspath(sys.argv[1])
report = Checklist()
check = report.check
SECRETS = dict(MIRUBATO_JWT_SECRET="production-secret-for-e2e-tests-0123456789", MIRUBATO_DATA_KEY="0123456789abcdef" * 4)
TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def call(port, path, payload=None, headers=None):
    base = {"Content-Type": "application/json", "Accept": "application/json", "apollo-require-preflight": "1"}
    base.update(headers or {})
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, headers=base, method="POST" if data else "GET")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict((k.lower(), v) for k, v in response.getheaders()), json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, dict((k.lower(), v) for k, v in error.headers.items()), json.loads(error.read() or b"null")


def messages(body):
    return [error.get("message", "") for error in (body or {}).get("errors", [])]


def serve(name, environment):
    folder = tempfile.mkdtemp(prefix=f"mirubato-{name}-")
    return serving.start(folder, binary, dict(os.environ, **SECRETS, **environment)), folder


for mode, environment in [("production", {"MIRUBATO_ENV": "production"}), ("development", {"MIRUBATO_ENV": "development"}),
                          ("production with introspection on", {"MIRUBATO_ENV": "production", "MIRUBATO_INTROSPECTION": "on"})]:
    (process, port, _), folder = serve(mode.split()[0], environment)
    try:
        status, _, body = call(port, "/graphql", {"query": "{ __schema { queryType { name } } }"})
        allowed = mode != "production"
        if allowed:
            check(f"{mode}: introspection answers", (body.get("data") or {}).get("__schema") == {"queryType": {"name": "Query"}}, body)
        else:
            check(f"{mode}: introspection is refused", messages(body) == [
                'GraphQL introspection has been disabled, but the requested query contained the field "__schema".'], body)
            status, _, body = call(port, "/graphql", {"query": '{ __type(name: "Query") { name } }'})
            check(f"{mode}: __type is refused too", "GRAPHQL_VALIDATION_FAILED" in json.dumps(body), body)
            status, _, body = call(port, "/graphql", {"query": "{ __typename }"})
            check(f"{mode}: __typename still answers", body.get("data") == {"__typename": "Query"}, body)
        status, _, body = call(port, "/graphql", {"query": "{ listSheetMusik { totalCount } }"})
        suggested = any("Did you mean" in message for message in messages(body))
        check(f"{mode}: suggestions {'only outside production' if not mode.startswith('production') else 'left out'}",
              suggested == (mode == "development") and messages(body), messages(body))
        for path in ["/livez", "/readyz", "/healthz"]:
            status, _, body = call(port, path)
            check(f"{mode}: {path}", status == 200 and body == {"status": "ok"}, f"{status} {body}")
        status, headers, _ = call(port, "/graphql", {"query": "{ __typename }"}, {"traceparent": TRACE})
        answer = headers.get("traceresponse", "")
        check(f"{mode}: the caller's trace continues", answer.startswith("00-4bf92f3577b34da6a3ce929d0e0e4736-")
              and len(answer) == 55 and "00f067aa0ba902b7" not in answer, answer)
        check(f"{mode}: Server-Timing only in development", ("server-timing" in headers) == (mode == "development"), headers)
    finally:
        serving.stop(process)
    log = open(f"{folder}/serve.log").read()
    check(f"{mode}: the log line carries the trace id", '"traceId":"4bf92f3577b34da6a3ce929d0e0e4736"' in log, log[-300:])

# Trusted documents: only the manifest's documents run, by id or by their exact text.
import hashlib, subprocess, urllib.parse  # noqa: E402
TRUSTED = "query Pieces { listSheetMusic(limit: 2) { totalCount } }"
digest = hashlib.sha256(TRUSTED.encode()).hexdigest()
manifests = {
    "Apollo manifest": {"format": "apollo-persisted-query-manifest", "version": 1,
                        "operations": [{"id": digest, "name": "Pieces", "type": "query", "body": TRUSTED}]},
    "Code Generator map": {digest: TRUSTED},
}
for label, manifest in manifests.items():
    folder = tempfile.mkdtemp(prefix="mirubato-trusted-")
    with open(f"{folder}/manifest.json", "w") as file:
        json.dump(manifest, file)
    (process, port, _), _ = serve("trusted", {"MIRUBATO_ENV": "development", "MIRUBATO_TRUSTED_DOCUMENTS": f"{folder}/manifest.json"})
    try:
        def code(body):
            return [e.get("extensions", {}).get("code") for e in (body or {}).get("errors", [])]
        persisted = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
        _, _, body = call(port, "/graphql", {"extensions": persisted})
        check(f"{label}: a trusted document runs by hash", "totalCount" in ((body.get("data") or {}).get("listSheetMusic") or {}), body)
        _, _, body = call(port, "/graphql?" + urllib.parse.urlencode({"documentId": digest}))
        check(f"{label}: and by documentId over GET", "totalCount" in ((body.get("data") or {}).get("listSheetMusic") or {}), body)
        _, _, body = call(port, "/graphql", {"query": TRUSTED})
        check(f"{label}: its exact text runs", "totalCount" in ((body.get("data") or {}).get("listSheetMusic") or {}), body)
        _, _, body = call(port, "/graphql", {"query": "{ __typename }"})
        check(f"{label}: any other text is OPERATION_NOT_ALLOWLISTED", code(body) == ["OPERATION_NOT_ALLOWLISTED"], body)
        other = "{ listSheetMusic(limit: 1) { totalCount } }"
        _, _, body = call(port, "/graphql", {"query": other, "extensions": {"persistedQuery": {"version": 1, "sha256Hash": hashlib.sha256(other.encode()).hexdigest()}}})
        check(f"{label}: APQ registration is closed", code(body) == ["PERSISTED_QUERY_NOT_SUPPORTED"], body)
        _, _, body = call(port, "/graphql", {"documentId": "0" * 64})
        check(f"{label}: an unknown id is PERSISTED_QUERY_NOT_FOUND", code(body) == ["PERSISTED_QUERY_NOT_FOUND"], body)
    finally:
        serving.stop(process)
bad = subprocess.run([binary, "handle"], input='{"query":"{ __typename }"}', capture_output=True, text=True,
                     env=dict(os.environ, **SECRETS, MIRUBATO_ENV="test", MIRUBATO_DB=":memory:", MIRUBATO_KV=":memory:",
                              MIRUBATO_TRUSTED_DOCUMENTS="/nonexistent/manifest.json"))
check("a missing manifest stops start-up with one line", bad.returncode != 0 and len(bad.stderr.strip().splitlines()) == 1
      and "MIRUBATO_TRUSTED_DOCUMENTS" in bad.stderr, f"{bad.returncode} {bad.stderr!r}")

# OTLP/HTTP export: a receiver of our own gets one span per request, continuing the caller's
# trace, with children for parse, validate and execute.
import http.server, threading  # noqa: E402
received = []


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - the stdlib's name
        received.append((self.path, self.headers.get("Content-Type"), json.loads(self.rfile.read(int(self.headers["Content-Length"])))))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *arguments):
        pass


collector = http.server.HTTPServer(("127.0.0.1", serving.free_port()), Receiver)
threading.Thread(target=collector.serve_forever, daemon=True).start()
(process, port, _), _ = serve("otlp", {"MIRUBATO_ENV": "development",
                                       "MIRUBATO_OTLP_ENDPOINT": f"http://127.0.0.1:{collector.server_port}/v1/traces"})
try:
    call(port, "/graphql", {"query": "query Traced { listSheetMusic(limit: 1) { totalCount } }"}, {"traceparent": TRACE})
    import time  # noqa: E402
    deadline = time.time() + 10
    while time.time() < deadline and not any("Traced" in json.dumps(body) for _, _, body in received):
        time.sleep(0.1)
finally:
    serving.stop(process)
    collector.shutdown()
traced = [body for path, kind, body in received if "Traced" in json.dumps(body)]
spans = traced[0]["resourceSpans"][0]["scopeSpans"][0]["spans"] if traced else []
root = next((span for span in spans if span.get("kind") == 2), {})
children = sorted(span["name"] for span in spans if span.get("parentSpanId") == root.get("spanId"))
check("OTLP: the request's span continues the caller's trace", root.get("traceId") == "4bf92f3577b34da6a3ce929d0e0e4736"
      and root.get("parentSpanId") == "00f067aa0ba902b7", root)
check("OTLP: parse, validate and execute are its children", [name for name in children if name.startswith("graphql.")]
      == ["graphql.execute", "graphql.parse", "graphql.validate"], children)
statements = [span for span in spans if span["name"].startswith("sqlite ")]
texts = [attribute["value"]["stringValue"] for span in statements for attribute in span["attributes"] if attribute["key"] == "db.query.text"]
check("OTLP: each SQL statement is a child span with its text", bool(statements) and any("sheet_music" in text for text in texts)
      and all(span["parentSpanId"] == root.get("spanId") for span in statements), [span["name"] for span in statements])
check("OTLP: posted as JSON to the configured path", bool(received) and received[0][0] == "/v1/traces" and received[0][1] == "application/json",
      received[:1])

report.finish("production mode, health, tracing, trusted documents")
