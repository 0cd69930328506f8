#!/usr/bin/env python3
"""Two devices, one account: offline queues replayed, then the change feed (issue 20).

Usage: sync_e2e.py PATH/TO/mirubato   (under scripts/backends.py: on PostgreSQL + Redis)
Each device keeps a local copy of the account, built from `changes(since: null)` and kept
current with `changes(since: cursor)` as an offline client does. Both go offline and queue
writes (creates with client ids, updates with expectedUpdatedAt, deletes, a template, a
repertoire move, a profile change), both reconnect and replay their queues (each twice, as a
client retrying after a lost answer would), a stale update comes back CONFLICT with the current
record and is applied again on top of it, and both sync. Then both copies must be identical
to each other and to a fresh full sync of the server, with every deletion made on either
device gone from both. Prints "N passed, M failed"; exit 1 when anything failed.
"""
import json, os, subprocess, sys, tempfile, urllib.error, urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import serving  # noqa: E402
from checklist import Checklist  # noqa: E402

binary = os.path.abspath(sys.argv[1])
work = tempfile.mkdtemp(prefix="mirubato-sync-")
database, kv = serving.stores(work, "sync")
ENV = dict(os.environ, MIRUBATO_ENV="test", MIRUBATO_JWT_SECRET="test-secret-for-sync-tests-0123456789abcd",
           MIRUBATO_DATA_KEY="0123456789abcdef" * 4, MIRUBATO_RATE_REQUESTS="100000/60", MIRUBATO_RATE_MAGIC_CLIENT="1000/60",
           MIRUBATO_DB=database, MIRUBATO_KV=kv)
report = Checklist()
check = report.check

STATE = """entity id deleted
  practiceLog { id durationSeconds selfRating practiceNotes updatedAt sheetMusic { id } session { id } }
  practiceSession { id status totalExercises updatedAt }
  practiceTemplate { id name updatedAt }
  goal { id title target current completedAt }
  repertoireItem { sheetMusic { id } status practiceSeconds history { id fromStatus toStatus } }
  pieceProgress { sheetMusic { id } timesPracticed isStarred }
  profile { id displayName updatedAt }
  sheetMusic { id title composer }"""
CHANGES = "query($since: SyncCursor, $limit: Int) { changes(since: $since, limit: $limit) { cursor hasMore changes { " + STATE + " } } }"
CREATE = "mutation($input: CreatePracticeLogInput!) { createPracticeLog(input: $input) { id updatedAt } }"
UPDATE = "mutation($id: ID!, $input: UpdatePracticeLogInput!) { updatePracticeLog(id: $id, input: $input) { id updatedAt } }"
DELETE = "mutation($id: ID!) { deletePracticeLog(id: $id) { success } }"
PIECE = "mutation($input: CreateSheetMusicInput!) { createSheetMusic(input: $input) { id composer } }"
MERGE = "mutation($s: ID!, $t: ID!) { mergeSheetMusic(sourceId: $s, targetId: $t) { id } }"
PIECE_A, PIECE_B = "syncPieceAAAAAAAAAAAA", "syncPieceBBBBBBBBBBBB"
FUR = "EzcWMdkoy6K28pdjjJ4YI"


def graphql(token, query, variables=None):
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}/graphql", body, {"Content-Type": "application/json",
                                     "Accept": "application/json", "Authorization": "Bearer " + token})
    try:
        return json.load(urllib.request.urlopen(request, timeout=30))
    except urllib.error.HTTPError as error:
        return json.load(error)


class Device:
    """A client's local copy: records by (entity, id), and its place in the feed."""

    def __init__(self, name, token):
        self.name, self.token, self.records, self.cursor, self.queue = name, token, {}, None, []

    def sync(self, limit=3):
        """Asks the feed from its cursor until nothing more waits (small pages on purpose)."""
        pages = 0
        while True:
            answer = graphql(self.token, CHANGES, {"since": self.cursor, "limit": limit})
            feed = answer["data"]["changes"]
            for change in feed["changes"]:
                key = (change["entity"], change["id"])
                if change["deleted"]:
                    self.records.pop(key, None)
                else:
                    self.records[key] = change
            self.cursor = feed["cursor"]
            pages += 1
            if not feed["hasMore"]:
                return pages

    def replay(self):
        """Sends the queued writes; answers their results (the queue is kept for a second replay)."""
        return [graphql(self.token, query, variables) for query, variables in self.queue]


def full_sync(token):
    device = Device("fresh", token)
    device.sync(limit=500)
    return device.records


def log(id, seconds, **extra):
    return {"input": dict({"id": id, "activityType": "REPERTOIRE", "durationSeconds": seconds, "startedAt": "2026-01-14T18:00:00Z"}, **extra)}


subprocess.run([binary, "seed"], env=ENV, check=True, capture_output=True)
process, PORT, _ = serving.start(work, binary, ENV, database=database, kv=kv)
try:
    token_a = serving.sign_in(PORT, binary, ENV, "two-devices@example.com")
    token_b = serving.sign_in(PORT, binary, ENV, "two-devices@example.com")
    shared = Device("shared", token_a)
    # What both devices already had: three logs, one of a piece (so the piece's progress and
    # repertoire entry exist), a template.
    for index, seconds in enumerate([600, 900, 1200]):
        extra = {"sheetMusicId": FUR} if index == 0 else {}
        check(f"setup log {index}", "errors" not in graphql(token_a, CREATE, log("syncSetupLog%09d" % index, seconds, **extra)))
    graphql(token_a, "mutation { createPracticeTemplate(input: {id: \"syncTemplateAAAAAAAAA\", name: \"Scales\", activityType: SCALES}) { id } }")
    a, b = Device("A", token_a), Device("B", token_b)
    pages = a.sync()
    b.sync()
    check("a full sync pages through small pages", pages >= 2, pages)
    check("both devices start identical", a.records == b.records and len(a.records) >= 7, len(a.records))
    updated_at = {key[1]: record["practiceLog"]["updatedAt"] for key, record in a.records.items() if key[0] == "PRACTICE_LOG"}

    # Offline: each device queues writes against what it last saw.
    a.queue = [(CREATE, log("syncDeviceALogAAAAAAA", 1500, sheetMusicId=FUR)),
               (UPDATE, {"id": "syncSetupLog000000001", "input": {"durationSeconds": 999, "expectedUpdatedAt": updated_at["syncSetupLog000000001"]}}),
               (DELETE, {"id": "syncSetupLog000000002"}),
               ("mutation { updateUser(input: {displayName: \"Clara on the tablet\"}) { id } }", {}),
               ("mutation($input: SetRepertoireStatusInput!) { setRepertoireStatus(input: $input) { status } }",
                {"input": {"id": "syncMoveAAAAAAAAAAAAA", "sheetMusicId": FUR, "status": "WORKING", "note": "from the tablet"}}),
               # A piece of their own, and a log of it, made offline on each device: the same piece twice.
               (PIECE, {"input": {"id": PIECE_A, "title": "Estudio in E minor", "composer": "tarrega", "instrument": "GUITAR"}}),
               (CREATE, log("syncPieceLogAAAAAAAAA", 420, sheetMusicId=PIECE_A))]
    b.queue = [(CREATE, log("syncDeviceBLogBBBBBBB", 300)),
               # The same log A changes: B's expectedUpdatedAt goes stale once A's update lands.
               (UPDATE, {"id": "syncSetupLog000000001", "input": {"selfRating": 8, "expectedUpdatedAt": updated_at["syncSetupLog000000001"]}}),
               (DELETE, {"id": "syncSetupLog000000000"}),
               ("mutation { deletePracticeTemplate(id: \"syncTemplateAAAAAAAAA\") { success } }", {}),
               (PIECE, {"input": {"id": PIECE_B, "title": "Estudio (E minor)", "composer": "Tárrega, F.", "instrument": "GUITAR"}}),
               (CREATE, log("syncPieceLogBBBBBBBBB", 360, sheetMusicId=PIECE_B))]

    first_a = a.replay()
    check("device A's queue applies", all("errors" not in answer for answer in first_a), first_a)
    again_a = a.replay()
    # A replayed create answers the stored log; the replayed delete finds nothing (already gone).
    check("replaying A's create answers the same log", again_a[0].get("data", {}).get("createPracticeLog", {}).get("id") == "syncDeviceALogAAAAAAA", again_a[0])
    first_b = b.replay()
    conflict = first_b[1]
    codes = [e.get("extensions", {}).get("code") for e in conflict.get("errors", [])]
    check("B's stale update is CONFLICT with the current log", codes == ["CONFLICT"], conflict)
    current = (conflict.get("errors") or [{}])[0].get("extensions", {}).get("current", {})
    check("the conflict carries A's change", current.get("durationSeconds") == 999, current)
    # B shows the conflict, keeps A's duration and applies its own rating on top of it.
    resolved = graphql(token_b, UPDATE, {"id": "syncSetupLog000000001", "input": {"selfRating": 8, "expectedUpdatedAt": current.get("updatedAt")}})
    check("B's change applies on top of the current log", "errors" not in resolved, resolved)
    again_b = b.replay()
    check("replaying B's create answers the same log", again_b[0].get("data", {}).get("createPracticeLog", {}).get("id") == "syncDeviceBLogBBBBBBB", again_b[0])

    # B sees both offline pieces, in one composer spelling, and merges its duplicate into A's.
    b.sync()
    composers = {key[1]: record["sheetMusic"]["composer"] for key, record in b.records.items() if key[0] == "SHEET_MUSIC"}
    check("both devices' offline pieces reached B, with one composer spelling",
          composers == {PIECE_A: "Francisco Tárrega", PIECE_B: "Francisco Tárrega"}, composers)
    merged_piece = graphql(token_b, MERGE, {"s": PIECE_B, "t": PIECE_A})
    check("B merges its duplicate into A's piece", "errors" not in merged_piece, merged_piece)

    a.sync()
    b.sync()
    a.sync()
    server = full_sync(token_a)
    check("device A equals the server", a.records == server, sorted(set(a.records) ^ set(server)))
    check("device B equals the server", b.records == server, sorted(set(b.records) ^ set(server)))
    check("the devices equal each other", a.records == b.records)
    logs = {key[1]: record["practiceLog"] for key, record in server.items() if key[0] == "PRACTICE_LOG"}
    check("deletions from both devices are gone", "syncSetupLog000000002" not in logs and "syncSetupLog000000000" not in logs, sorted(logs))
    check("creates from both devices are there once", {"syncDeviceALogAAAAAAA", "syncDeviceBLogBBBBBBB"} <= set(logs), sorted(logs))
    merged = logs.get("syncSetupLog000000001", {})
    check("both devices' edits of one log are kept", merged.get("durationSeconds") == 999 and merged.get("selfRating") == 8, merged)
    check("the template deleted on B is gone from A", not any(key[0] == "PRACTICE_TEMPLATE" for key in a.records))
    profile = next((record["profile"] for key, record in b.records.items() if key[0] == "PROFILE"), {})
    check("A's profile change reached B", profile.get("displayName") == "Clara on the tablet", profile)
    piece = b.records.get(("REPERTOIRE_ITEM", FUR), {}).get("repertoireItem", {})
    check("A's repertoire move reached B, with the practice of both devices' logs", piece.get("status") == "WORKING"
          and piece.get("practiceSeconds") == 1500, piece)
    progress = b.records.get(("PIECE_PROGRESS", FUR), {}).get("pieceProgress", {})
    check("derived per-piece progress follows the deletion", progress.get("timesPracticed") == 1, progress)

    own = sorted(key[1] for key in a.records if key[0] == "SHEET_MUSIC")
    check("after the merge both devices hold the one piece", own == [PIECE_A], own)
    pieces_of_logs = {logs.get(id, {}).get("sheetMusic", {}).get("id") for id in ["syncPieceLogAAAAAAAAA", "syncPieceLogBBBBBBBBB"]}
    check("the merged piece's log follows it on both devices", pieces_of_logs == {PIECE_A}, pieces_of_logs)

    # A cursor of another account's feed is refused.
    other = serving.sign_in(PORT, binary, ENV, "someone-else@example.com")
    refused = graphql(other, CHANGES, {"since": a.cursor})
    check("another account's cursor is BAD_USER_INPUT", [e["extensions"]["code"] for e in refused.get("errors", [])] == ["BAD_USER_INPUT"], refused)
    quiet = graphql(token_a, CHANGES, {"since": a.cursor})["data"]["changes"]
    check("nothing new answers an empty page and the same position", quiet["changes"] == [] and not quiet["hasMore"], quiet)
finally:
    serving.stop(process)

report.finish("two devices" + (" (PostgreSQL + Redis)" if os.environ.get("MIRUBATO_TEST_POSTGRES") else ""))
