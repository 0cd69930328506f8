#!/usr/bin/env python3
"""Recordings through nginx + FastCGI, with a real GraphQL client: gql's file uploads (the GraphQL
multipart request format) attach MediaRecorder-shaped files to a log, and the signed playback
link is fetched as an <audio> element would, Range requests and all; the export archive is read
by Python's zipfile and imported into another account.

Usage: PYTHON-WITH-gql recordings_e2e.py PATH/TO/mirubato
Runs on SQLite files, or on PostgreSQL + Redis under scripts/backends.py. Prints "N passed, M
failed"; exit status 1 when anything failed.
"""
import io, json, os, shutil, subprocess, sys, tempfile, urllib.error, urllib.parse, urllib.request, uuid, zipfile

from gql import Client, FileVar, gql
from gql.transport.exceptions import TransportQueryError
from gql.transport.requests import RequestsHTTPTransport

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import serving  # noqa: E402
from checklist import Checklist  # noqa: E402

binary = os.path.abspath(sys.argv[1])
FIXTURES = os.path.join(ROOT, "Tests/MirubatoTests/Fixtures/audio")
LIMIT = 20_000  # bytes a recording may be here: the 24 KB WAV fixture is over it
report = Checklist()
check = report.check
work = tempfile.mkdtemp(prefix="mirubato-recordings-")
database, kv = serving.stores(work, "recordings_" + uuid.uuid4().hex[:8])
ENV = dict(os.environ, MIRUBATO_ENV="test", MIRUBATO_JWT_SECRET="test-secret-for-recording-tests-0123456789",
           MIRUBATO_DATA_KEY="0123456789abcdef" * 4, MIRUBATO_MAIL="log", MIRUBATO_RECORDING_MAX_BYTES=str(LIMIT),
           MIRUBATO_DB=database, MIRUBATO_KV=kv)
subprocess.run([binary, "seed"], env=ENV, check=True, capture_output=True)
process, port, env = serving.start(work, binary, ENV, database=database, kv=kv)
base = f"http://127.0.0.1:{port}"


def graphql(token, query, variables=None):
    request = urllib.request.Request(f"{base}/graphql", json.dumps({"query": query, "variables": variables or {}}).encode(),
                                     {"Content-Type": "application/json", "Accept": "application/json", "Authorization": f"Bearer {token}"})
    return json.load(urllib.request.urlopen(request, timeout=30))


def fetch(path, headers=None, method="GET"):
    """(status, headers, body) of a GET through nginx, errors included."""
    request = urllib.request.Request(base + path, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def client(token, preflight=True):
    headers = {"Authorization": f"Bearer {token}"}
    if preflight:
        headers["apollo-require-preflight"] = "true"
    return Client(transport=RequestsHTTPTransport(url=f"{base}/graphql", headers=headers, timeout=30))


UPLOAD = gql("mutation($log: ID!, $file: Upload!) { uploadRecording(logId: $log, file: $file) "
             "{ id format mediaType byteSize durationSeconds url } }")


def upload(token, log, name, filename=None, content_type=None):
    """The recording, or the error codes of the upload of fixture `name`."""
    with open(os.path.join(FIXTURES, name), "rb") as handle:
        try:
            with client(token) as session:
                return session.execute(UPLOAD, variable_values={
                    "log": log, "file": FileVar(handle, filename=filename or name, content_type=content_type or "application/octet-stream")},
                    upload_files=True)["uploadRecording"]
        except TransportQueryError as error:
            return [e.get("extensions", {}).get("code") for e in error.errors or []]


def new_log(token):
    answer = graphql(token, "mutation { createPracticeLog(input: {activityType: REPERTOIRE, durationSeconds: 900}) { id } }")
    return answer["data"]["createPracticeLog"]["id"]


def used(token):
    return graphql(token, "{ myRecordingStorage { usedBytes } }")["data"]["myRecordingStorage"]["usedBytes"]


try:
    pianist = serving.sign_in(port, binary, env, "pianist@example.com")
    other = serving.sign_in(port, binary, env, "other@example.com")
    log = new_log(pianist)

    # Chrome's MediaRecorder file (unknown-size segment and clusters), sent as gql sends it.
    webm = upload(pianist, log, "take-unknown-sizes.webm", content_type="audio/webm;codecs=opus")
    check("gql uploads a WebM recording", isinstance(webm, dict), str(webm))
    webm = webm if isinstance(webm, dict) else {}
    check("its format, type and length are read from the bytes",
          webm.get("format") == "WEBM" and webm.get("mediaType") == "audio/webm" and 1.44 <= webm.get("durationSeconds", 0) <= 1.56, str(webm))
    # A lying name and type: the bytes decide.
    ogg = upload(pianist, log, "take.ogg", filename="take.mp3", content_type="audio/mpeg")
    check("a file's claimed type is ignored: Ogg is Ogg", isinstance(ogg, dict) and ogg["format"] == "OGG", str(ogg))
    for name, fmt in [("take-fragmented.m4a", "MP4")]:
        answer = upload(pianist, log, name, content_type="audio/mp4")
        check(f"Safari's fragmented MP4 is {fmt}", isinstance(answer, dict) and answer["format"] == fmt, str(answer))
    before = used(pianist)
    check("a video is BAD_USER_INPUT", upload(pianist, log, "video.webm") == ["BAD_USER_INPUT"])
    check("a file over the limit is PAYLOAD_TOO_LARGE", upload(pianist, log, "take.wav") == ["PAYLOAD_TOO_LARGE"])
    check("another user's log is NOT_FOUND", upload(other, log, "take.ogg") == ["NOT_FOUND"])
    check("refused uploads store nothing", used(pianist) == before, f"{before} then {used(pianist)}")
    listed = graphql(pianist, "{ myPracticeLogs(limit: 5) { edges { node { id recordings { id format } } } } }")
    recordings = [edge["node"]["recordings"] for edge in listed["data"]["myPracticeLogs"]["edges"] if edge["node"]["id"] == log][0]
    check("the log lists its three recordings oldest first",
          [r["format"] for r in recordings] == ["WEBM", "OGG", "MP4"] and recordings[0]["id"] == webm.get("id"), json.dumps(listed))

    # The multipart form needs the preflight header, as Apollo Server requires (a form can post it).
    with open(os.path.join(FIXTURES, "take.ogg"), "rb") as handle:
        try:
            with client(pianist, preflight=False) as session:
                session.execute(UPLOAD, variable_values={"log": log, "file": FileVar(handle)}, upload_files=True)
            check("a multipart upload without the preflight header is refused", False, "accepted")
        except Exception as error:  # noqa: BLE001 - gql raises its transport's error for a 400
            check("a multipart upload without the preflight header is refused", "400" in str(error) or "forgery" in str(error), str(error)[:200])
    # A body over the upload limit is stopped by nginx before it is read (Content-Length).
    big = b"x" * (LIMIT + 1_048_576 + 10)
    request = urllib.request.Request(f"{base}/graphql", big, {"Content-Type": "multipart/form-data; boundary=x",
                                                             "apollo-require-preflight": "1", "Authorization": f"Bearer {pianist}"})
    try:
        urllib.request.urlopen(request, timeout=30)
        check("an upload over the limit is 413", False, "accepted")
    except urllib.error.HTTPError as error:
        check("an upload over the limit is 413", error.code == 413, str(error.code))
    # Malformed forms are 400s with a GraphQL error, never a crash.
    for label, body in [("no operations part", b"--x\r\nContent-Disposition: form-data; name=\"map\"\r\n\r\n{}\r\n--x--\r\n"),
                        ("a map naming a missing part", b"--x\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n"
                         b"{\"query\":\"mutation($f: Upload!) { uploadRecording(logId: \\\"a\\\", file: $f) { id } }\",\"variables\":{\"f\":null}}\r\n"
                         b"--x\r\nContent-Disposition: form-data; name=\"map\"\r\n\r\n{\"0\":[\"variables.f\"]}\r\n--x--\r\n"),
                        ("no closing boundary", b"--x\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{}")]:
        request = urllib.request.Request(f"{base}/graphql", body, {"Content-Type": "multipart/form-data; boundary=x", "Accept": "application/json",
                                                                  "apollo-require-preflight": "1", "Authorization": f"Bearer {pianist}"})
        try:
            urllib.request.urlopen(request, timeout=30)
            check(f"a malformed form ({label}) is refused", False, "accepted")
        except urllib.error.HTTPError as error:
            check(f"a malformed form ({label}) is 400", error.code == 400, str(error.code))
    # An Upload variable sent as JSON names no file part.
    answer = graphql(pianist, "mutation($l: ID!, $f: Upload!) { uploadRecording(logId: $l, file: $f) { id } }", {"l": log, "f": "0"})
    check("an Upload variable without a multipart file is BAD_USER_INPUT",
          [e["extensions"]["code"] for e in answer.get("errors", [])] == ["BAD_USER_INPUT"], json.dumps(answer))

    answer = graphql(pianist, 'mutation($l: ID!) { uploadRecording(logId: $l, file: "0") { id } }', {"l": log})
    check("an Upload written in the query names no file: BAD_USER_INPUT",
          [e["extensions"]["code"] for e in answer.get("errors", [])] == ["BAD_USER_INPUT"], json.dumps(answer))

    # Playback: the signed link through nginx, as an <audio> element fetches it.
    link = urllib.parse.urlsplit(webm.get("url", "/"))
    path = f"{link.path}?{link.query}"
    original = open(os.path.join(FIXTURES, "take-unknown-sizes.webm"), "rb").read()
    status, headers, body = fetch(path)
    check("the link plays the recording byte for byte", status == 200 and body == original, f"{status} {len(body)}")
    check("with its type, length, ranges, validator and private caching",
          headers.get("Content-Type") == "audio/webm" and headers.get("Content-Length") == str(len(original))
          and headers.get("Accept-Ranges") == "bytes" and headers.get("ETag") and "private" in (headers.get("Cache-Control") or ""),
          str(dict(headers)))
    status, headers, body = fetch(path, {"Range": "bytes=100-199"})
    check("a Range request is 206 with those bytes", status == 206 and body == original[100:200]
          and headers.get("Content-Range") == f"bytes 100-199/{len(original)}", f"{status} {headers.get('Content-Range')}")
    status, headers, body = fetch(path, {"Range": "bytes=-50"})
    check("a suffix range is the last bytes", status == 206 and body == original[-50:], str(status))
    status, headers, _ = fetch(path, {"Range": f"bytes={len(original) + 10}-"})
    check("a range beyond the end is 416", status == 416, str(status))
    cached = os.listdir(os.path.join(work, "run", "recordings"))
    check("nginx sends a cached copy (X-Accel-Redirect), not the handler", any(name.startswith(webm.get("id", "?")) for name in cached), str(cached))
    tampered = path.replace("signature=", "signature=A")
    check("a tampered signature is 403", fetch(tampered)[0] == 403)
    other_id = path.replace(webm.get("id", "?"), ogg["id"] if isinstance(ogg, dict) else "x")
    check("one recording's signature does not open another", fetch(other_id)[0] == 403)
    check("the internal location is not reachable from outside", fetch(f"/_recordings/{cached[0] if cached else 'x'}")[0] == 404)

    # A teacher the student shares logs with listens too; a teacher shown nothing gets no link.
    code = graphql(pianist, "mutation { inviteTeacher(input: {scopes: [LOGS]}) { code } }")["data"]["inviteTeacher"]["code"]
    teacher = serving.sign_in(port, binary, env, "teacher@example.com")
    graphql(teacher, "mutation($c: String!) { acceptTeacherInvite(code: $c) { scopes } }", {"c": code})
    student = graphql(pianist, "{ me { id } }")["data"]["me"]["id"]
    seen = graphql(teacher, "query($s: ID!) { student(id: $s) { practiceLogs(limit: 10) { edges { node { recordings { id url } } } } } }", {"s": student})
    links = [r["url"] for e in (seen.get("data") or {}).get("student", {}).get("practiceLogs", {}).get("edges", []) for r in e["node"]["recordings"]]
    check("the teacher sees the student's recordings", len(links) == 3, json.dumps(seen)[:300])
    if links:
        heard = urllib.parse.urlsplit(links[0])
        check("and plays them", fetch(f"{heard.path}?{heard.query}")[0] == 200)
    stranger = graphql(other, "query($s: ID!) { student(id: $s) { practiceLogs(limit: 10) { edges { node { recordings { url } } } } } }", {"s": student})
    check("someone the student does not share with reads no recording", not (stranger.get("data") or {}).get("student"), json.dumps(stranger)[:200])

    # The export archive, read by Python's zipfile, and imported by another account with gql.
    status, headers, archive = fetch("/export.zip", {"Authorization": f"Bearer {pianist}"})
    check("GET /export.zip is a zip attachment", status == 200 and headers.get("Content-Type") == "application/zip"
          and "attachment" in (headers.get("Content-Disposition") or ""), f"{status} {dict(headers)}")
    check("without a token it is 401", fetch("/export.zip")[0] == 401)
    names, document = [], {}
    try:
        with zipfile.ZipFile(io.BytesIO(archive)) as opened:
            check("zipfile finds nothing damaged", opened.testzip() is None)
            names = opened.namelist()
            document = json.loads(opened.read("mirubato-export.json"))
            check("the archive's WebM is the uploaded file", opened.read(f"recordings/{webm.get('id')}.webm") == original)
    except zipfile.BadZipFile as error:
        check("the archive opens", False, str(error))
    check("it holds the document and the three recordings",
          len([n for n in names if n.startswith("recordings/")]) == 3 and len(document.get("recordings", [])) == 3, str(names))
    importer = serving.sign_in(port, binary, env, "importer@example.com")
    with client(importer) as session:
        imported = session.execute(gql("mutation($file: Upload!) { importMyArchive(archive: $file) { imported skipped } }"),
                                   variable_values={"file": FileVar(io.BytesIO(archive), filename="mirubato-export.zip", content_type="application/zip")},
                                   upload_files=True)["importMyArchive"]
    check("importMyArchive takes it into another account", imported["imported"] >= 5, str(imported))
    check("with the recordings' room", used(importer) == used(pianist), f"{used(importer)} vs {used(pianist)}")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("mirubato-export.json", json.dumps(document))
        zipped.writestr(f"recordings/{webm.get('id')}.webm", b"\0" * 5_000_000)
    try:
        with client(importer) as session:
            session.execute(gql("mutation($file: Upload!) { importMyArchive(archive: $file) { imported } }"),
                            variable_values={"file": FileVar(io.BytesIO(bomb.getvalue()), filename="bomb.zip")}, upload_files=True)
        check("a deflated archive (5 MB of zeros in a few KB) is refused", False, "accepted")
    except TransportQueryError as error:
        check("a deflated archive (5 MB of zeros in a few KB) is refused", [e["extensions"]["code"] for e in error.errors] == ["BAD_USER_INPUT"], str(error.errors))

    # The operator's repair beside the live server: audio damaged in the database is found, and deleted on request.
    damage = "UPDATE recording_chunks SET bytes = X'00' WHERE recording_id = '%s'" % (ogg["id"] if isinstance(ogg, dict) else "x")
    if os.environ.get("MIRUBATO_TEST_POSTGRES"):
        subprocess.run(["psql", database, "-qc", damage.replace("X'00'", "'\\x00'::bytea")], check=True, capture_output=True)
    else:
        subprocess.run(["sqlite3", database, damage], check=True, capture_output=True)
    repair = subprocess.run([binary, "recordings", "repair"], env=env, capture_output=True, text=True)
    check("recordings repair finds the damaged recording (exit 1)", repair.returncode == 1 and ogg.get("id", "?") in repair.stdout, repair.stdout + repair.stderr)
    repair = subprocess.run([binary, "recordings", "repair", "--delete-damaged"], env=env, capture_output=True, text=True)
    check("and deletes it on request", repair.returncode == 0 and "1 damaged recording deleted" in repair.stdout, repair.stdout + repair.stderr)
    ogg_link = urllib.parse.urlsplit(ogg["url"] if isinstance(ogg, dict) else "/")
    check("its own link is then 404", fetch(f"{ogg_link.path}?{ogg_link.query}")[0] == 404)

    # Deleting: the recording's bytes, then the log's, leave nothing.
    answer = graphql(other, "mutation($id: ID!) { deleteRecording(id: $id) { id } }", {"id": webm.get("id")})
    check("another user cannot delete it", [e["extensions"]["code"] for e in answer.get("errors", [])] == ["NOT_FOUND"], json.dumps(answer))
    graphql(pianist, "mutation($id: ID!) { deleteRecording(id: $id) { id } }", {"id": webm.get("id")})
    check("after deleting it the link is 404", fetch(path)[0] == 404)
    folder = os.path.join(work, "run", "recordings")
    stale = os.path.join(folder, "x.partial")
    open(stale, "wb").write(b"half")
    os.utime(stale, (0, 0))
    sweep = subprocess.run([binary, "recordings", "sweep"], env=dict(env, MIRUBATO_RECORDING_CACHE=folder), capture_output=True, text=True)
    left = os.listdir(folder)
    check("recordings sweep removes the deleted recording's cached copy and a crashed half-copy",
          sweep.returncode == 0 and not any(name.startswith(webm.get("id", "?")) for name in left) and "x.partial" not in left, sweep.stdout + str(left))
    graphql(pianist, "mutation($id: ID!) { deletePracticeLog(id: $id) { id } }", {"id": log})
    check("deleting the log frees its recordings' room", used(pianist) == 0, str(used(pianist)))
    # Playback links spend the client address's request budget, as GraphQL requests do: a second
    # server on the same database, with budgets of its own (a KV store of its own) of 8 a minute,
    # two of them spent signing in.
    tight = tempfile.mkdtemp(prefix="mirubato-recordings-budget-")
    tight_kv = serving.kv_store(tight, "budget_" + uuid.uuid4().hex[:8])
    second, tight_port, tight_env = serving.start(tight, binary, dict(ENV, MIRUBATO_RATE_REQUESTS="8/60", MIRUBATO_KV=tight_kv),
                                                  database=database, kv=tight_kv)
    try:
        budgeted = serving.sign_in(tight_port, binary, tight_env, "budget@example.com")
        request = urllib.request.Request(f"http://127.0.0.1:{tight_port}/graphql",
                                         json.dumps({"query": "mutation { createPracticeLog(input: {activityType: SCALES, durationSeconds: 60}) { id } }"}).encode(),
                                         {"Content-Type": "application/json", "Authorization": f"Bearer {budgeted}"})
        tight_log = json.load(urllib.request.urlopen(request, timeout=30))["data"]["createPracticeLog"]["id"]
        with open(os.path.join(FIXTURES, "take.ogg"), "rb") as handle:
            with Client(transport=RequestsHTTPTransport(url=f"http://127.0.0.1:{tight_port}/graphql", timeout=30,
                                                        headers={"Authorization": f"Bearer {budgeted}", "apollo-require-preflight": "1"})) as session:
                link = urllib.parse.urlsplit(session.execute(UPLOAD, variable_values={"log": tight_log, "file": FileVar(handle)}, upload_files=True)["uploadRecording"]["url"])
        statuses = []
        for _ in range(8):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{tight_port}{link.path}?{link.query}", timeout=30) as answer:
                    statuses.append(answer.status)
            except urllib.error.HTTPError as error:
                statuses.append((error.code, error.headers.get("Retry-After")))
        check("playback links spend the client's request budget: 429 with Retry-After past it",
              statuses[:6] == [200] * 6 and statuses[6][0] == 429 and int(statuses[6][1]) > 0, str(statuses))
    finally:
        serving.stop(second)
        shutil.rmtree(tight, ignore_errors=True)
finally:
    serving.stop(process)
    shutil.rmtree(work, ignore_errors=True)

report.finish("recordings")
