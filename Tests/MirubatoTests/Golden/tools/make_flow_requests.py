"""Writes the multi-step golden requests (sign-in flows, practice scenarios).

Tokens in later steps depend on earlier ones; with the tests' fixed clock, seed and secrets they
are deterministic, so this script runs growing prefixes of each batch through the debug binary to
learn them. Run it after `swift build`, then `RECORD_GOLDEN=1 swift test` and review the diff.
"""
import json, os, subprocess, sys, tempfile, shutil, sqlite3, re, hmac, hashlib, base64, datetime
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../../../.."))
BIN = ROOT + "/.build/debug/mirubato"
TEMPLATE = "/tmp/golden-template.db"
ENV = {"MIRUBATO_ENV": "test", "MIRUBATO_NOW": "2026-01-15T09:30:00.000Z", "MIRUBATO_RANDOM_SEED": "42",
       "MIRUBATO_JWT_SECRET": "test-secret-for-golden-files-only-0123456789",
       "MIRUBATO_DATA_KEY": "0123456789abcdef" * 4, "PATH": "/usr/bin:/bin"}
if not os.path.exists(TEMPLATE):
    d = tempfile.mkdtemp()
    subprocess.run([BIN, "seed", "--db", TEMPLATE, "--kv", d + "/kv.db"], env=ENV, check=True, capture_output=True)

def run(batch):
    """Runs a batch on a fresh copy; returns (responses, db path)."""
    d = tempfile.mkdtemp()
    shutil.copy(TEMPLATE, d + "/m.db")
    env = dict(ENV, MIRUBATO_DB=d + "/m.db", MIRUBATO_KV=d + "/kv.db")
    out = subprocess.run([BIN, "handle"], input=json.dumps(batch).encode(), env=env, capture_output=True)
    return json.loads(out.stdout), d + "/m.db"

def magic_tokens(db):
    """The sign-in tokens of the outbox, oldest first, as an operator reads them (bodies are
    encrypted in the database): `mirubato mail list --body`."""
    env = dict(ENV, MIRUBATO_DB=db, MIRUBATO_KV=os.path.dirname(db) + "/kv.db")
    listing = subprocess.run([BIN, "mail", "list", "--body"], env=env, capture_output=True, text=True, check=True).stdout
    return re.findall(r"token=([A-Za-z0-9_-]+)", listing)

def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

def jwt(header, payload, key=ENV["MIRUBATO_JWT_SECRET"].encode(), signature=None):
    h = b64(json.dumps(header, separators=(",", ":")).encode()); p = b64(json.dumps(payload, separators=(",", ":")).encode())
    sig = signature if signature is not None else b64(hmac.new(key, (h + "." + p).encode(), hashlib.sha256).digest())
    return h + "." + p + "." + sig

def q(query, variables=None, token=None, headers=None):
    r = {"query": query}
    if variables: r["variables"] = variables
    h = dict(headers or {})
    if token: h["authorization"] = "Bearer " + token
    if h: r["headers"] = h
    return r

def save(name, batch):
    path = f"{ROOT}/Tests/MirubatoTests/Golden/{name}.request.json"
    open(path, "w").write(json.dumps(batch, indent=1, ensure_ascii=False) + "\n")
    print("wrote", name)

USER = "user { id email displayName primaryInstrument skillLevel createdAt lastLoginAt preferences { theme notationSize practiceReminders reminderTime dailyGoalMinutes timeZone customSettings } }"
REQ = 'mutation Request($email: String!) { requestMagicLink(email: $email) { success message } }'
VER = "mutation Verify($token: String!) { verifyMagicLink(token: $token) { accessToken refreshToken expiresIn " + USER + " } }"
REF = "mutation Refresh($token: String!) { refreshToken(refreshToken: $token) { accessToken refreshToken expiresIn user { id } } }"
ME = "{ me { id email displayName } }"

# 1. The whole sign-in flow.
steps = [q(REQ, {"email": " Clara@Example.COM "})]
_, db = run(steps); t1 = magic_tokens(db)[0]
steps += [q(VER, {"token": t1}), q(VER, {"token": t1})]
res, _ = run(steps); access = res[1]["data"]["verifyMagicLink"]["accessToken"]; refresh1 = res[1]["data"]["verifyMagicLink"]["refreshToken"]
steps += [q(ME, token=access), q(REF, {"token": refresh1})]
res, _ = run(steps); access2 = res[4]["data"]["refreshToken"]["accessToken"]
steps += [q(ME, token=access2), q(REF, {"token": refresh1}), q(ME, token=access2), q(ME, token=access)]
save("auth_flow_verify_refresh_reuse", steps)

# 2. Logout, data export and account deletion.
steps = [q(REQ, {"email": "robert@example.com"})]
_, db = run(steps); t = magic_tokens(db)[0]
steps += [q(VER, {"token": t})]
res, _ = run(steps); a = res[1]["data"]["verifyMagicLink"]["accessToken"]; r = res[1]["data"]["verifyMagicLink"]["refreshToken"]
steps += [q("mutation { updateUser(input: {displayName: \"Robert\", skillLevel: ADVANCED, primaryInstrument: GUITAR, preferences: {theme: DARK, timeZone: \"Europe/Berlin\", reminderTime: \"07:30\", customSettings: {metronome: true}}}) { id displayName skillLevel primaryInstrument updatedAt preferences { theme timeZone reminderTime customSettings } } }", token=a),
          q("{ exportMyData }", token=a),
          q("mutation { logout { success message } }", token=a),
          q(ME, token=a), q(REF, {"token": r}),
          q(REQ, {"email": "robert@example.com"})]
_, db = run(steps); t2 = magic_tokens(db)[1]
steps += [q(VER, {"token": t2})]
res, _ = run(steps); a2 = res[-1]["data"]["verifyMagicLink"]["accessToken"]
steps += [q("mutation { deleteAccount { success message } }", token=a2), q(ME, token=a2), q("{ me { id } }")]
save("auth_logout_export_delete", steps)

# 3. Another user's profile: public fields only.
steps = [q(REQ, {"email": "a@example.com"}), q(REQ, {"email": "b@example.com"})]
_, db = run(steps); ta, tb = magic_tokens(db)
steps += [q(VER, {"token": ta}), q(VER, {"token": tb})]
res, _ = run(steps); aa = res[2]["data"]["verifyMagicLink"]["accessToken"]; bid = res[3]["data"]["verifyMagicLink"]["user"]["id"]
steps += [q("query($id: ID!) { user(id: $id) { id displayName primaryInstrument } }", {"id": bid}, token=aa),
          q("query($id: ID!) { user(id: $id) { id email } }", {"id": bid}, token=aa),
          q("query($id: ID!) { user(id: $id) { preferences { timeZone } } }", {"id": bid}, token=aa),
          q("{ user(id: \"nobody\") { id } }", token=aa)]
save("auth_other_users_profile", steps)

# 4. Rejected credentials.
now = 1768469400
good = {"sub": "u", "sid": "s", "iat": now, "exp": now + 900, "iss": "mirubato", "aud": "mirubato-api", "jti": "j"}
cases = {
  "alg none": jwt({"alg": "none", "typ": "JWT"}, good, signature=""),
  "alg HS512": jwt({"alg": "HS512", "typ": "JWT"}, good),
  "other key": jwt({"alg": "HS256", "typ": "JWT"}, good, key=b"another-secret-another-secret-another"),
  "expired": jwt({"alg": "HS256", "typ": "JWT"}, dict(good, iat=now - 2000, exp=now - 1000)),
  "wrong audience": jwt({"alg": "HS256", "typ": "JWT"}, dict(good, aud="someone-else")),
  "wrong issuer": jwt({"alg": "HS256", "typ": "JWT"}, dict(good, iss="evil")),
  "valid but no session": jwt({"alg": "HS256", "typ": "JWT"}, good),
  "bad base64": "eyJhbGciOiJIUzI1NiJ9.@@@.abc",
  "overlong": "a" * 5000,
}
steps = [q("{ listSheetMusic(limit: 1) { totalCount } }", token=token) for token in cases.values()]
steps += [q("{ listSheetMusic(limit: 1) { totalCount } }", headers={"authorization": "Basic dXNlcjpwYXNz"}),
          q("{ me { id } }", headers={"cookie": "theme=dark; mirubato_session=garbage"}),
          q("mutation { verifyMagicLink(token: \"unknown\") { accessToken } }"),
          q("mutation { refreshToken(refreshToken: \"unknown\") { accessToken } }"),
          q("mutation { refreshToken(refreshToken: \"unknown\") { accessToken } }", token=cases["expired"])]
save("auth_rejected_credentials", steps)

# 5. Rate limit on magic links for one address (5 per hour).
save("auth_magic_link_rate_limit", [q(REQ, {"email": "spam@example.com"}) for _ in range(6)])

# 6. Profile validation: each rule, and nothing changes.
steps = [q(REQ, {"email": "val@example.com"})]
_, db = run(steps); t = magic_tokens(db)[0]
steps += [q(VER, {"token": t})]
res, _ = run(steps); a = res[1]["data"]["verifyMagicLink"]["accessToken"]
bad = ['{avatarUrl: "javascript:alert(1)"}', '{displayName: "   "}', '{displayName: "' + "x" * 101 + '"}',
       '{preferences: {timeZone: "Mars/Olympus"}}', '{preferences: {dailyGoalMinutes: 0}}', '{preferences: {reminderTime: "25:00"}}',
       '{displayName: "Valid", preferences: {timeZone: "Nowhere"}}']
steps += [q("mutation { updateUser(input: " + b + ") { displayName } }", token=a) for b in bad]
steps += [q("{ me { displayName avatarUrl preferences { timeZone dailyGoalMinutes reminderTime } } }", token=a)]
save("auth_update_user_validation", steps)

save("auth_invalid_email", [q(REQ, {"email": e}) for e in ["not-an-email", "a@b", "two@@example.com", "spaces in@example.com", "ümlaut@example.com", ""]])

# ---- Practice ----
def signin(steps, email, time="2026-01-15T09:30:00Z"):
    """Appends sign-in steps at a time; answers (steps, access token, user id)."""
    steps = steps + [q(REQ, {"email": email}, headers={"x-mirubato-now": time})]
    _, db = run(steps); t = magic_tokens(db)[-1]
    steps = steps + [q(VER, {"token": t}, headers={"x-mirubato-now": time})]
    res, _ = run(steps)
    v = res[-1]["data"]["verifyMagicLink"]
    return steps, v["accessToken"], v["user"]["id"]

def at(time, query, variables=None, token=None):
    return q(query, variables, token=token, headers={"x-mirubato-now": time})

SESSION = "id status instrument sessionType startedAt pausedAt completedAt pausedDuration durationSeconds accuracy notesAttempted notesCorrect totalExercises completedExercises notes sheetMusic { title } updatedAt"
START = "mutation Start($input: StartPracticeSessionInput!) { startPracticeSession(input: $input) { " + SESSION + " } }"
PAUSE = "mutation($id: ID!) { pausePracticeSession(sessionId: $id) { id status pausedAt pausedDuration } }"
RESUME = "mutation($id: ID!) { resumePracticeSession(sessionId: $id) { id status pausedAt pausedDuration } }"
COMPLETE = "mutation($input: CompletePracticeSessionInput!) { completePracticeSession(input: $input) { " + SESSION + " } }"
ABANDON = "mutation($id: ID!) { abandonPracticeSession(sessionId: $id) { id status completedAt durationSeconds pausedDuration } }"
LOG = "id activityType instrument startedAt endedAt durationSeconds composer workTitle opusNumber movementSection tempoPracticed targetTempo focusAreas selfRating accuracy notesPlayed notesCorrect practiceNotes audioRecordingUrl session { id } sheetMusic { title } createdAt updatedAt"
CREATE_LOG = "mutation($input: CreatePracticeLogInput!) { createPracticeLog(input: $input) { " + LOG + " } }"
FUR = "EzcWMdkoy6K28pdjjJ4YI"
SID = "sessionAAAAAAAAAAAAAA"

# 7. Every transition, legal and illegal, with durations across pauses.
steps, a, uid = signin([], "pianist@example.com", "2026-01-15T09:59:00Z")
steps += [
  at("2026-01-15T10:00:00Z", START, {"input": {"id": SID, "instrument": "PIANO", "sheetMusicId": FUR, "sessionType": "GUIDED_PRACTICE"}}, a),
  at("2026-01-15T10:00:30Z", RESUME, {"id": SID}, a),
  at("2026-01-15T10:02:00Z", PAUSE, {"id": SID}, a),
  at("2026-01-15T10:02:10Z", PAUSE, {"id": SID}, a),
  at("2026-01-15T10:03:00Z", RESUME, {"id": SID}, a),
  at("2026-01-15T10:05:00Z", CREATE_LOG, {"input": {"sessionId": SID, "activityType": "REPERTOIRE", "durationSeconds": 120, "sheetMusicId": FUR, "tempoPracticed": 120, "targetTempo": 132, "notesPlayed": 200, "notesCorrect": 180, "focusAreas": ["ACCURACY", "TEMPO"], "selfRating": 7, "notes": "Bar 12: left hand late"}}, a),
  at("2026-01-15T10:06:00Z", CREATE_LOG, {"input": {"sessionId": SID, "activityType": "SCALES", "durationSeconds": 60, "accuracy": 90}}, a),
  at("2026-01-15T10:07:00Z", PAUSE, {"id": SID}, a),
  at("2026-01-15T10:08:00Z", COMPLETE, {"input": {"sessionId": SID, "notes": "Good day"}}, a),
  at("2026-01-15T10:08:30Z", COMPLETE, {"input": {"sessionId": SID}}, a),
  at("2026-01-15T10:08:30Z", RESUME, {"id": SID}, a),
  at("2026-01-15T10:08:30Z", ABANDON, {"id": SID}, a),
  at("2026-01-15T10:09:00Z", CREATE_LOG, {"input": {"sessionId": SID, "activityType": "SCALES", "durationSeconds": 60}}, a),
  at("2026-01-15T10:10:00Z", START, {"input": {"instrument": "PIANO"}}, a),
  at("2026-01-15T10:11:00Z", START, {"input": {"instrument": "PIANO"}}, a),
  at("2026-01-15T10:11:00Z", START, {"input": {"instrument": "GUITAR", "sessionType": "ASSESSMENT"}}, a),
]
save("practice_session_transitions", steps)

# 8. Client-reported counts, abandon, auto-completion after 2 hours idle, listing.
steps, a, uid = signin([], "guitarist@example.com", "2026-01-14T07:59:00Z")
S1, S2, S3 = "sessionBBBBBBBBBBBBBB", "sessionCCCCCCCCCCCCCC", "sessionDDDDDDDDDDDDDD"
steps += [
  at("2026-01-14T08:00:00Z", START, {"input": {"id": S1, "instrument": "GUITAR"}}, a),
  at("2026-01-14T08:10:00Z", COMPLETE, {"input": {"sessionId": S1, "notesAttempted": 50, "notesCorrect": 60}}, a),
  at("2026-01-14T08:10:00Z", COMPLETE, {"input": {"sessionId": S1, "notesAttempted": -1}}, a),
  at("2026-01-14T08:10:00Z", COMPLETE, {"input": {"sessionId": S1, "notesAttempted": 50, "notesCorrect": 45}}, a),
  at("2026-01-14T08:11:00Z", START, {"input": {"id": S2, "instrument": "GUITAR"}}, a),
  at("2026-01-14T08:12:00Z", ABANDON, {"id": S2}, a),
  at("2026-01-14T08:13:00Z", START, {"input": {"id": S3, "instrument": "GUITAR"}}, a),
  at("2026-01-14T08:14:00Z", CREATE_LOG, {"input": {"sessionId": S3, "activityType": "ARPEGGIOS", "durationSeconds": 45, "notesPlayed": 80, "notesCorrect": 72}}, a),
]
steps, a, _ = signin(steps, "guitarist@example.com", "2026-01-14T10:30:00Z")
steps += [
  at("2026-01-14T10:30:00Z", "{ myPracticeSessions { totalCount edges { node { id status startedAt completedAt durationSeconds pausedDuration totalExercises notesAttempted notesCorrect accuracy logs { activityType durationSeconds } } } } }", token=a),
  at("2026-01-14T10:30:00Z", "{ myPracticeSessions(instrument: GUITAR, from: \"2026-01-14T08:05:00Z\", limit: 1) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status } } } }", token=a),
  at("2026-01-14T10:30:00Z", START, {"input": {"instrument": "GUITAR"}}, a),
]
save("practice_session_counts_abandon_autocomplete", steps)

# 9. Log validation: one failure per rule, and nothing is written.
steps, a, uid = signin([], "rules@example.com")
T0 = "2026-01-15T09:31:00Z"
base = {"activityType": "SCALES", "durationSeconds": 600}
bad = [
  {"durationSeconds": -1}, {"durationSeconds": 86401}, {"tempoPracticed": 0}, {"targetTempo": 401}, {"selfRating": 11},
  {"accuracy": 100.5}, {"notesPlayed": 10, "notesCorrect": 11}, {"notesCorrect": 5}, {"notesPlayed": -3},
  {"startedAt": "2026-01-15T09:00:00Z", "endedAt": "2026-01-15T08:59:00Z"},
  {"startedAt": "2026-01-15T09:00:00Z", "endedAt": "2026-01-15T09:05:00Z"},
  {"startedAt": "2026-01-16T09:00:00Z"}, {"audioRecordingUrl": "ftp://example.com/take.mp3"},
  {"composer": "x" * 501}, {"sheetMusicId": "no-such-piece"}, {"id": "not-a-nanoid"},
  {"sessionId": "sessionZZZZZZZZZZZZZZ"}, {"templateId": "templateZZZZZZZZZZZZZ"},
]
steps += [at(T0, CREATE_LOG, {"input": dict(base, **b)}, a) for b in bad]
steps += [at(T0, CREATE_LOG, {"input": {"durationSeconds": 60}}, a),
          at(T0, CREATE_LOG, {"input": dict(base, focusAreas=["SPEED"])}, a),
          at(T0, "{ myPracticeLogs { totalCount } }", token=a)]
save("practice_log_validation", steps)

# 10. Ownership: another user's session, log and template are NOT_FOUND; lists are private.
steps, a, _ = signin([], "owner@example.com")
steps, b, _ = signin(steps, "intruder@example.com")
LID, TID = "logAAAAAAAAAAAAAAAAAA", "templateAAAAAAAAAAAAA"
steps += [
  at(T0, START, {"input": {"id": SID, "instrument": "PIANO"}}, a),
  at(T0, CREATE_LOG, {"input": {"id": LID, "activityType": "SCALES", "durationSeconds": 60, "notes": "secret"}}, a),
  at(T0, "mutation { createPracticeTemplate(input: {id: \"" + TID + "\", name: \"Scales\", activityType: SCALES}) { id } }", token=a),
  at(T0, "query($id: ID!) { practiceSession(id: $id) { id } }", {"id": SID}, b),
  at(T0, PAUSE, {"id": SID}, b),
  at(T0, COMPLETE, {"input": {"sessionId": SID}}, b),
  at(T0, CREATE_LOG, {"input": {"sessionId": SID, "activityType": "SCALES", "durationSeconds": 60}}, b),
  at(T0, "mutation($id: ID!) { updatePracticeLog(id: $id, input: {selfRating: 1}) { id } }", {"id": LID}, b),
  at(T0, "mutation($id: ID!) { deletePracticeLog(id: $id) { success } }", {"id": LID}, b),
  at(T0, "mutation($id: ID!) { updatePracticeTemplate(id: $id, input: {name: \"Mine\"}) { id } }", {"id": TID}, b),
  at(T0, "mutation($id: ID!) { deletePracticeTemplate(id: $id) { success } }", {"id": TID}, b),
  at(T0, CREATE_LOG, {"input": {"templateId": TID, "durationSeconds": 60}}, b),
  at(T0, CREATE_LOG, {"input": {"id": LID, "activityType": "SCALES", "durationSeconds": 60}}, b),
  at(T0, "{ myPracticeSessions { totalCount } myPracticeLogs { totalCount } myPracticeTemplates { id } myPieces { timesPracticed } }", token=b),
  at(T0, "{ myPracticeSessions { totalCount } myPracticeLogs { totalCount edges { node { practiceNotes } } } myPracticeTemplates { id } }", token=a),
  at(T0, "{ myPracticeLogs { totalCount } }"),
]
save("practice_ownership", steps)

# 11. Offline replay: same create twice returns the stored object, different content conflicts, stale updates conflict.
steps, a, _ = signin([], "offline@example.com")
LOG1 = {"id": "offlineLogAAAAAAAAAAA", "activityType": "REPERTOIRE", "durationSeconds": 900, "sheetMusicId": FUR, "tempoPracticed": 100, "startedAt": "2026-01-15T08:00:00Z"}
UPDATE = "mutation($id: ID!, $input: UpdatePracticeLogInput!) { updatePracticeLog(id: $id, input: $input) { id tempoPracticed selfRating durationSeconds endedAt updatedAt } }"
steps += [
  at("2026-01-15T09:31:00Z", CREATE_LOG, {"input": LOG1}, a),
  at("2026-01-15T09:35:00Z", CREATE_LOG, {"input": LOG1}, a),
  at("2026-01-15T09:35:00Z", CREATE_LOG, {"input": dict(LOG1, tempoPracticed=110)}, a),
  at("2026-01-15T09:36:00Z", START, {"input": {"id": "offlineSessionAAAAAAA", "instrument": "PIANO"}}, a),
  at("2026-01-15T09:37:00Z", START, {"input": {"id": "offlineSessionAAAAAAA", "instrument": "PIANO"}}, a),
  at("2026-01-15T09:37:00Z", START, {"input": {"id": "offlineSessionAAAAAAA", "instrument": "GUITAR"}}, a),
  at("2026-01-15T09:38:00Z", UPDATE, {"id": LOG1["id"], "input": {"expectedUpdatedAt": "2026-01-15T09:31:00Z", "selfRating": 8, "durationSeconds": 1200}}, a),
  at("2026-01-15T09:39:00Z", UPDATE, {"id": LOG1["id"], "input": {"expectedUpdatedAt": "2026-01-15T09:31:00Z", "selfRating": 3}}, a),
  at("2026-01-15T09:39:00Z", UPDATE, {"id": LOG1["id"], "input": {"tempoPracticed": None, "selfRating": 9}}, a),
  at("2026-01-15T09:40:00Z", "{ myPracticeLogs { totalCount edges { node { id tempoPracticed selfRating } } } myPieces { sheetMusic { title } timesPracticed bestTempo } }", token=a),
]
save("practice_offline_replay", steps)

# 12. Templates pre-fill logs; per-piece progress and flags; logbook filters; delete updates progress.
steps, a, _ = signin([], "templates@example.com")
TPL = "mutation($input: PracticeTemplateInput!) { createPracticeTemplate(input: $input) { id name activityType composer workTitle opusNumber movementSection tempo focusAreas createdAt updatedAt } }"
steps += [
  at(T0, TPL, {"input": {"id": "templateBBBBBBBBBBBBB", "name": "  Für Elise slow  ", "activityType": "SLOW_PRACTICE", "composer": "Beethoven", "workTitle": "Für Elise", "movementSection": "A section", "tempo": 60, "focusAreas": ["ACCURACY", "ARTICULATION"]}}, a),
  at(T0, TPL, {"input": {"name": "", "activityType": "SCALES"}}, a),
  at(T0, TPL, {"input": {"name": "No type"}}, a),
  at(T0, TPL, {"input": {"name": "Fast", "activityType": "SCALES", "tempo": 500}}, a),
  at("2026-01-15T09:36:00Z", CREATE_LOG, {"input": {"templateId": "templateBBBBBBBBBBBBB", "durationSeconds": 300, "sheetMusicId": FUR, "accuracy": 80}}, a),
  at("2026-01-15T09:38:00Z", CREATE_LOG, {"input": {"templateId": "templateBBBBBBBBBBBBB", "durationSeconds": 300, "sheetMusicId": FUR, "tempoPracticed": 72, "workTitle": "Bagatelle No. 25", "focusAreas": ["TEMPO"], "accuracy": 92}}, a),
  at("2026-01-15T09:39:00Z", CREATE_LOG, {"input": {"activityType": "TECHNIQUE", "instrument": "GUITAR", "durationSeconds": 120}}, a),
  at("2026-01-15T09:40:00Z", "mutation($id: ID!, $input: PracticeTemplateInput!) { updatePracticeTemplate(id: $id, input: $input) { name tempo composer updatedAt } }", {"id": "templateBBBBBBBBBBBBB", "input": {"tempo": 66, "composer": None, "expectedUpdatedAt": "2026-01-15T09:31:00Z"}}, a),
  at("2026-01-15T09:40:00Z", "mutation($id: ID!, $input: PracticeTemplateInput!) { updatePracticeTemplate(id: $id, input: $input) { name } }", {"id": "templateBBBBBBBBBBBBB", "input": {"name": "Stale", "expectedUpdatedAt": "2026-01-15T09:31:00Z"}}, a),
  at("2026-01-15T09:41:00Z", "mutation($id: ID!) { updatePieceProgress(sheetMusicId: $id, input: {isStarred: true, difficultyRating: 4, notes: \"Watch the D#\"}) { isStarred isBookmarked difficultyRating notes timesPracticed bestAccuracy averageAccuracy bestTempo firstAttemptedAt lastAttemptedAt } }", {"id": FUR}, a),
  at("2026-01-15T09:41:00Z", "mutation($id: ID!) { updatePieceProgress(sheetMusicId: $id, input: {difficultyRating: 6}) { isStarred } }", {"id": FUR}, a),
  at("2026-01-15T09:41:00Z", "mutation { updatePieceProgress(sheetMusicId: \"nope\", input: {isStarred: true}) { isStarred } }", token=a),
  at("2026-01-15T09:42:00Z", "query($id: ID!) { sheetMusic(id: $id) { title myProgress { timesPracticed isStarred notes } } }", {"id": FUR}, a),
  at("2026-01-15T09:42:00Z", "query($id: ID!) { sheetMusic(id: $id) { title myProgress { timesPracticed } } }", {"id": FUR}),
  at("2026-01-15T09:42:00Z", "{ starred: myPieces(filter: {starred: true}) { sheetMusic { title } } unstarred: myPieces(filter: {starred: false}) { sheetMusic { title } } myPracticeTemplates { name } }", token=a),
  at("2026-01-15T09:43:00Z", "{ guitar: myPracticeLogs(filter: {instrument: GUITAR}) { totalCount } slow: myPracticeLogs(filter: {activityType: SLOW_PRACTICE, from: \"2026-01-15T09:32:00Z\"}) { totalCount edges { node { workTitle tempoPracticed } } } piece: myPracticeLogs(filter: {sheetMusicId: \"" + FUR + "\"}, limit: 1) { totalCount pageInfo { hasNextPage } } }", token=a),
  at("2026-01-15T09:44:00Z", "mutation($id: ID!) { deletePracticeTemplate(id: $id) { success id } }", {"id": "templateBBBBBBBBBBBBB"}, a),
  at("2026-01-15T09:44:30Z", "{ myPracticeTemplates { id } }", token=a),
]
save("practice_templates_pieces_logbook", steps)

# ---- Progress ----
OVERVIEW = ("query($instrument: Instrument) { myProgress(instrument: $instrument) { instrument totalPracticeSeconds currentStreak longestStreak "
            "lastPracticeDate level experiencePoints skillAreas { skillArea level experiencePoints nextLevelAt totalPracticeSeconds accuracyTrend speedTrend } "
            "dailySummaries { date sessions totalSeconds activities averageRating averageAccuracy } accuracyTrend { date value } tempoTrend { date value } "
            "recentMilestones { date title } } }")
STREAK = "{ myProgress { currentStreak longestStreak lastPracticeDate dailySummaries { date totalSeconds } } me { stats { totalPracticeDays currentStreak longestStreak } } }"
STATS = "{ me { stats { totalPracticeDays totalPracticeSeconds uniquePieces averageSelfRating averageAccuracy currentStreak longestStreak } } }"
ZONE = "mutation($zone: String!) { updateUser(input: {preferences: {timeZone: $zone}}) { preferences { timeZone } } }"
ACHIEVEMENTS = "{ myAchievements { id title description unlocked unlockedAt current target progress } }"
LOG_ID = "mutation($input: CreatePracticeLogInput!) { createPracticeLog(input: $input) { id } }"
catalogue = sqlite3.connect(TEMPLATE)
PIANO = [r for r in catalogue.execute("SELECT id, difficulty_level FROM sheet_music WHERE instrument IN ('piano', 'both') AND is_active ORDER BY difficulty_level, id")]
ALL_PIECES = [r for r in catalogue.execute("SELECT id, instrument FROM sheet_music WHERE is_active ORDER BY id")]
ACTIVITIES = ["SIGHT_READING", "SCALES", "ARPEGGIOS", "ETUDES", "REPERTOIRE", "TECHNIQUE", "MEMORIZATION", "ENSEMBLE_READING",
              "TRANSPOSITION", "SCORE_REDUCTION", "MENTAL_PRACTICE", "WARM_UP", "SLOW_PRACTICE"]

# 13. Streaks count days in the user's time zone; today or yesterday keeps one alive; a gap breaks it; changing zone moves days.
T1 = "2026-01-14T07:00:00Z"
steps, a, _ = signin([], "zones@example.com", T1)
starts = ["2026-01-10T06:00:00Z", "2026-01-10T20:00:00Z", "2026-01-11T07:30:00Z", "2026-01-12T03:00:00Z", "2026-01-13T18:00:00Z"]
steps += [at(T1, ZONE, {"zone": "America/Los_Angeles"}, a)]
steps += [at(T1, LOG_ID, {"input": {"activityType": ["SCALES", "REPERTOIRE", "SIGHT_READING", "SCALES", "ETUDES"][i], "startedAt": s, "durationSeconds": 1200 + 600 * i,
          "accuracy": 80 + 3 * i, "tempoPracticed": 90 + 5 * i, "targetTempo": 110, "selfRating": 5 + i, "sheetMusicId": FUR if i % 2 else None}}, a) for i, s in enumerate(starts)]
steps += [at(T1, OVERVIEW, None, a), at(T1, OVERVIEW, {"instrument": "GUITAR"}, a), at(T1, STATS, None, a)]
for t in ["2026-01-14T09:00:00Z", "2026-01-15T09:00:00Z"]:   # Los Angeles: yesterday was practised; then a missed day.
    steps, a2, _ = signin(steps, "zones@example.com", t)
    steps += [at(t, STREAK, None, a2)]
# In Tokyo the logs fall on the 10th, 11th, 12th and 14th: yesterday keeps a 1-day streak; in UTC on the 10th to 13th: 4 days, broken.
steps += [at(t, ZONE, {"zone": "Asia/Tokyo"}, a2), at(t, STREAK, None, a2), at(t, ZONE, {"zone": "UTC"}, a2), at(t, STREAK, None, a2),
          at(t, ZONE, {"zone": "Not/AZone"}, a2), at(t, STREAK, None, a2)]
save("progress_streaks_time_zones", steps)

# 13b. Statistics of any range of local days, from the day aggregates: totals, periods of a day, an
# ISO week or a month (clipped to the range, empty ones included), activities and pieces, streaks
# inside the range; a log moved or deleted moves them; a time-zone change moves days; bad ranges.
STATISTICS = ("query($from: String!, $to: String!, $instrument: Instrument, $groupBy: StatisticsGrouping) { "
              "myStatistics(from: $from, to: $to, instrument: $instrument, groupBy: $groupBy) { from to instrument groupBy totalSeconds totalLogs "
              "practiceDays averageRating averageAccuracy longestStreak streakAtEnd periods { from to totalSeconds totalLogs practiceDays averageRating "
              "averageAccuracy } activities { activityType totalSeconds totalLogs } pieces { sheetMusicId sheetMusic { title } totalSeconds totalLogs "
              "lastPracticed } pieceCount } }")
T3 = "2026-03-05T12:00:00Z"
steps, a, _ = signin([], "statistics@example.com", T3)
steps += [at(T3, ZONE, {"zone": "America/New_York"}, a)]
# New York: the 03:30Z log falls on the day before; the last week of February runs into March.
plan = [("2026-02-23T15:00:00Z", "SCALES", 600, None, "PIANO", 90, 7), ("2026-02-24T03:30:00Z", "REPERTOIRE", 1800, FUR, "PIANO", 75.5, 6),
        ("2026-02-25T15:00:00Z", "REPERTOIRE", 1200, FUR, "PIANO", None, None), ("2026-02-26T15:00:00Z", "ETUDES", 900, PIANO[3][0], "PIANO", 88, 8),
        ("2026-03-01T15:00:00Z", "SCALES", 300, None, "GUITAR", None, 5), ("2026-03-02T15:00:00Z", "SIGHT_READING", 450, PIANO[3][0], "PIANO", 92, None),
        ("2026-03-03T15:00:00Z", "REPERTOIRE", 2400, FUR, "PIANO", None, 9)]
for i, (start, activity, seconds, piece, instrument, accuracy, rating) in enumerate(plan):
    log = {"id": "statisticsLog%08d" % i, "activityType": activity, "startedAt": start, "durationSeconds": seconds, "instrument": instrument}
    if piece: log["sheetMusicId"] = piece
    if accuracy is not None: log["accuracy"] = accuracy
    if rating is not None: log["selfRating"] = rating
    steps += [at(T3, LOG_ID, {"input": log}, a)]
RANGE = {"from": "2026-02-20", "to": "2026-03-04"}
steps += [at(T3, STATISTICS, dict(RANGE), a), at(T3, STATISTICS, dict(RANGE, groupBy="WEEK"), a),
          at(T3, STATISTICS, dict(RANGE, groupBy="MONTH", instrument="GUITAR"), a),
          at(T3, STATISTICS, {"from": "2025-03-05", "to": "2026-03-04", "groupBy": "MONTH"}, a),
          at(T3, STATISTICS, {"from": "2026-02-23", "to": "2026-02-23"}, a)]
# A log moved to another day, and one deleted: the range's figures follow in the write's transaction.
steps += [at(T3, "mutation($id: ID!) { updatePracticeLog(id: $id, input: {startedAt: \"2026-02-28T15:00:00Z\", durationSeconds: 60}) { id } }",
             {"id": "statisticsLog00000002"}, a),
          at(T3, "mutation($id: ID!) { deletePracticeLog(id: $id) { success } }", {"id": "statisticsLog00000003"}, a),
          at(T3, STATISTICS, dict(RANGE, groupBy="WEEK"), a)]
# In UTC the 03:30Z log is on the 24th: the days move with the zone.
steps += [at(T3, ZONE, {"zone": "UTC"}, a), at(T3, STATISTICS, {"from": "2026-02-23", "to": "2026-02-24"}, a)]
# Bad ranges change nothing and say why; without a sign-in it is UNAUTHENTICATED.
steps += [at(T3, STATISTICS, {"from": "2026-03-04", "to": "2026-03-01"}, a), at(T3, STATISTICS, {"from": "2026-02-30", "to": "2026-03-01"}, a),
          at(T3, STATISTICS, {"from": "2025-01-01", "to": "2026-03-01"}, a),
          at(T3, STATISTICS, {"from": "2016-01-01", "to": "2026-03-01", "groupBy": "MONTH"}, a),
          at(T3, STATISTICS, dict(RANGE))]
save("progress_statistics", steps)

# 13c. The repertoire: statuses with history, replay-safe moves, links, a logged piece entering as
# LEARNING with its practice, orders and filters with keyset cursors, removal, ownership, bad input.
ITEM = ("sheetMusic { id title } status statusChangedAt links { title url } practiceSeconds lastPracticedDate "
        "history { id fromStatus toStatus note changedBy changedAt } addedAt updatedAt")
SET = "mutation($input: SetRepertoireStatusInput!) { setRepertoireStatus(input: $input) { " + ITEM + " } }"
LINKS = "mutation($id: ID!, $links: [ReferenceLinkInput!]!) { setRepertoireLinks(sheetMusicId: $id, links: $links) { sheetMusic { id } links { title url } updatedAt } }"
REPERTOIRE = ("query($status: RepertoireStatus, $instrument: Instrument, $orderBy: RepertoireOrder, $limit: Int, $after: String) { "
              "myRepertoire(status: $status, instrument: $instrument, orderBy: $orderBy, limit: $limit, after: $after) { totalCount "
              "pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { sheetMusic { title instrument } status practiceSeconds "
              "lastPracticedDate history { fromStatus toStatus } } } } }")
GUITAR_PIECE = [r[0] for r in ALL_PIECES if r[1] == "guitar"][0]
T4 = "2026-01-15T10:00:00Z"
steps, a, _ = signin([], "repertoire@example.com", T4)
steps += [at(T4, SET, {"input": {"id": "repertoireMoveAAAAAAA", "sheetMusicId": PIANO[5][0], "status": "PLANNED", "note": "For the spring recital"}}, a),
          at("2026-01-15T10:01:00Z", SET, {"input": {"id": "repertoireMoveBBBBBBB", "sheetMusicId": PIANO[5][0], "status": "LEARNING"}}, a),
          # The same move again answers the entry as it is; the same id with other content is CONFLICT.
          at("2026-01-15T10:02:00Z", SET, {"input": {"id": "repertoireMoveBBBBBBB", "sheetMusicId": PIANO[5][0], "status": "LEARNING"}}, a),
          at("2026-01-15T10:02:00Z", SET, {"input": {"id": "repertoireMoveBBBBBBB", "sheetMusicId": PIANO[5][0], "status": "WORKING"}}, a),
          # Moving to the current status records nothing.
          at("2026-01-15T10:03:00Z", SET, {"input": {"sheetMusicId": PIANO[5][0], "status": "LEARNING"}}, a),
          at("2026-01-15T10:04:00Z", SET, {"input": {"sheetMusicId": GUITAR_PIECE, "status": "POLISHED", "note": "After the masterclass"}}, a),
          at("2026-01-15T10:05:00Z", LINKS, {"id": PIANO[5][0], "links": [{"title": "Edition (IMSLP)", "url": "https://imslp.org/wiki/Example"},
                                                                         {"title": "Recording", "url": "https://example.com/recording"}]}, a)]
# Logging a piece that is not in the repertoire adds it as LEARNING, with the log's practice; a
# log of a piece already there adds to its practice.
steps += [at("2026-01-15T10:10:00Z", LOG_ID, {"input": {"id": "repertoireLogAAAAAAAA", "activityType": "REPERTOIRE", "durationSeconds": 1500,
                                                        "sheetMusicId": FUR, "startedAt": "2026-01-14T18:00:00Z"}}, a),
          at("2026-01-15T10:11:00Z", LOG_ID, {"input": {"id": "repertoireLogBBBBBBBB", "activityType": "ETUDES", "durationSeconds": 600,
                                                        "sheetMusicId": PIANO[5][0], "startedAt": "2026-01-15T09:00:00Z"}}, a),
          at("2026-01-15T10:12:00Z", REPERTOIRE, None, a),
          at("2026-01-15T10:12:00Z", REPERTOIRE, {"orderBy": "TITLE", "limit": 2}, a)]
res, _ = run(steps)
cursor = res[-1]["data"]["myRepertoire"]["pageInfo"]["endCursor"]
steps += [at("2026-01-15T10:12:00Z", REPERTOIRE, {"orderBy": "TITLE", "limit": 2, "after": cursor}, a),
          at("2026-01-15T10:12:00Z", REPERTOIRE, {"orderBy": "LAST_PRACTICED"}, a),
          at("2026-01-15T10:12:00Z", REPERTOIRE, {"status": "LEARNING", "instrument": "PIANO"}, a),
          at("2026-01-15T10:12:00Z", REPERTOIRE, {"instrument": "GUITAR"}, a),
          at("2026-01-15T10:12:00Z", REPERTOIRE, {"after": cursor}, a),
          # Deleting the log takes its practice away; the piece stays in the repertoire.
          at("2026-01-15T10:13:00Z", "mutation($id: ID!) { deletePracticeLog(id: $id) { success } }", {"id": "repertoireLogAAAAAAAA"}, a),
          at("2026-01-15T10:13:00Z", "mutation($id: ID!) { removeFromRepertoire(sheetMusicId: $id) { success id } }", {"id": GUITAR_PIECE}, a),
          at("2026-01-15T10:13:00Z", "mutation($id: ID!) { removeFromRepertoire(sheetMusicId: $id) { success id } }", {"id": GUITAR_PIECE}, a),
          at("2026-01-15T10:14:00Z", REPERTOIRE, {"orderBy": "STATUS_CHANGED"}, a),
          # Bad input changes nothing and says why; another user sees an empty repertoire; no sign-in is UNAUTHENTICATED.
          at("2026-01-15T10:15:00Z", SET, {"input": {"sheetMusicId": "nopeNopeNopeNopeNope0", "status": "PLANNED"}}, a),
          at("2026-01-15T10:15:00Z", SET, {"input": {"id": "short", "sheetMusicId": FUR, "status": "PLANNED"}}, a),
          at("2026-01-15T10:15:00Z", SET, {"input": {"sheetMusicId": FUR, "status": "PLANNED", "note": "x" * 501}}, a),
          at("2026-01-15T10:15:00Z", LINKS, {"id": PIANO[5][0], "links": [{"title": "Bad", "url": "javascript:alert(1)"}]}, a),
          at("2026-01-15T10:15:00Z", LINKS, {"id": PIANO[5][0], "links": [{"title": " ", "url": "https://example.com"}]}, a),
          at("2026-01-15T10:15:00Z", LINKS, {"id": GUITAR_PIECE, "links": []}, a),
          at("2026-01-15T10:15:00Z", REPERTOIRE, {"limit": 0}, a),
          at("2026-01-15T10:15:00Z", REPERTOIRE, {"after": "bm90IGEgY3Vyc29y"}, a)]
steps, b, _ = signin(steps, "other-repertoire@example.com", "2026-01-15T10:16:00Z")
steps += [at("2026-01-15T10:16:00Z", REPERTOIRE, None, b),
          at("2026-01-15T10:16:00Z", LINKS, {"id": PIANO[5][0], "links": []}, b),
          at("2026-01-15T10:16:00Z", REPERTOIRE, None)]
save("practice_repertoire", steps)

# 13d. A user's own pieces: composer spellings made one, a safe replay, reads only their owner
# sees, autocomplete across the catalogue and their pieces, a merge into a catalogue piece that
# moves the log, the progress flags and the repertoire history, the feed's SHEET_MUSIC records,
# bad input, another user and nobody signed in.
OWN = "id title composer instrument difficulty metadata { catalogNumber difficultyLevel tags sourceType } myProgress { timesPracticed isStarred notes }"
CREATE_OWN = "mutation($input: CreateSheetMusicInput!) { createSheetMusic(input: $input) { " + OWN + " } }"
MERGE = "mutation($s: ID!, $t: ID!) { mergeSheetMusic(sourceId: $s, targetId: $t) { " + OWN + " } }"
PIECE_SUGGEST = "query($p: String!, $l: Int) { pieceSuggestions(prefix: $p, limit: $l) { id title composer metadata { sourceType } } }"
COMPOSER_SUGGEST = "query($p: String!, $l: Int) { composerSuggestions(prefix: $p, limit: $l) { name pieceCount } }"
MINE = "{ listSheetMusic(filter: {sourceType: USER_CREATED}) { totalCount edges { node { id title composer } } } }"
ONE = "query($id: ID!) { sheetMusic(id: $id) { id title composer } }"
FEED = "{ changes { changes { entity id deleted sheetMusic { title composer } repertoireItem { status history { toStatus } } } hasMore } }"
ELISE = catalogue.execute("SELECT id FROM sheet_music WHERE title = 'Für Elise'").fetchone()[0]
T5 = "2026-01-15T11:00:00Z"
steps, a, _ = signin([], "own-pieces@example.com", T5)
OWN_ELISE = {"id": "ownPieceEliseAAAAAAAA", "title": "Fur Elise (simplified)", "composer": "beethoven", "instrument": "PIANO", "difficultyLevel": 2}
steps += [at(T5, CREATE_OWN, {"input": {"id": "ownPieceSatieAAAAAAAA", "title": "Gymnopedie No. 1 (my fingering)", "composer": "satie",
                                         "instrument": "PIANO", "difficultyLevel": 4, "tags": ["Slow", "slow ", "Recital"]}}, a),
          at(T5, CREATE_OWN, {"input": {"id": "ownPieceBachAAAAAAAAA", "title": "Prelude in C minor", "composer": "Bach, J.S.",
                                         "instrument": "PIANO", "catalogNumber": "BWV 999"}}, a),
          at(T5, CREATE_OWN, {"input": {"title": "Night Song", "composer": "ana   vidović", "instrument": "GUITAR"}}, a),
          at(T5, CREATE_OWN, {"input": {"title": "Dawn Song", "composer": "Vidovic, Ana", "instrument": "GUITAR"}}, a),
          at(T5, CREATE_OWN, {"input": OWN_ELISE}, a),
          # The same create again answers the stored piece; the same id with other input, or a catalogue piece's id, is CONFLICT.
          at(T5, CREATE_OWN, {"input": OWN_ELISE}, a),
          at(T5, CREATE_OWN, {"input": dict(OWN_ELISE, title="Something else")}, a),
          at(T5, CREATE_OWN, {"input": dict(OWN_ELISE, id=ELISE)}, a),
          at(T5, ONE, {"id": "ownPieceEliseAAAAAAAA"}, a),
          at(T5, MINE, None, a),
          at(T5, PIECE_SUGGEST, {"p": "gymn"}, a),
          at(T5, PIECE_SUGGEST, {"p": "bwv 99"}, a),
          at(T5, PIECE_SUGGEST, {"p": "(SIMPL"}, a),
          at(T5, COMPOSER_SUGGEST, {"p": "b"}, a),
          at(T5, COMPOSER_SUGGEST, {"p": "vid"}, a),
          at(T5, COMPOSER_SUGGEST, {"p": "johann seb"}, a),
          # Practice on the own piece: a log, a star with notes, a repertoire status.
          at("2026-01-15T11:01:00Z", LOG_ID, {"input": {"id": "ownPieceLogAAAAAAAAAA", "activityType": "REPERTOIRE", "durationSeconds": 900,
                                                        "sheetMusicId": "ownPieceEliseAAAAAAAA", "startedAt": "2026-01-15T10:30:00Z"}}, a),
          at("2026-01-15T11:02:00Z", "mutation($id: ID!) { updatePieceProgress(sheetMusicId: $id, input: {isStarred: true, notes: \"Left hand first\"}) { isStarred } }",
             {"id": "ownPieceEliseAAAAAAAA"}, a),
          at("2026-01-15T11:03:00Z", SET, {"input": {"sheetMusicId": "ownPieceEliseAAAAAAAA", "status": "WORKING"}}, a),
          # Merged into the catalogue's Für Elise: the log, the progress and the repertoire follow; the own piece is gone.
          at("2026-01-15T11:04:00Z", MERGE, {"s": "ownPieceEliseAAAAAAAA", "t": ELISE}, a),
          at("2026-01-15T11:04:00Z", ONE, {"id": "ownPieceEliseAAAAAAAA"}, a),
          at("2026-01-15T11:04:00Z", "{ myPracticeLogs { edges { node { id sheetMusic { id title } } } } }", None, a),
          at("2026-01-15T11:04:00Z", REPERTOIRE, None, a),
          at("2026-01-15T11:04:00Z", "query($f: Instrument!) { myStatistics(from: \"2026-01-15\", to: \"2026-01-15\", instrument: $f) { totalSeconds pieceCount pieces { sheetMusicId sheetMusic { title } totalSeconds } } }", {"f": "PIANO"}, a),
          at("2026-01-15T11:04:00Z", FEED, None, a),
          # Bad input changes nothing.
          at("2026-01-15T11:05:00Z", CREATE_OWN, {"input": {"title": "  ", "instrument": "PIANO"}}, a),
          at("2026-01-15T11:05:00Z", CREATE_OWN, {"input": {"title": "x" * 201, "instrument": "PIANO"}}, a),
          at("2026-01-15T11:05:00Z", CREATE_OWN, {"input": {"title": "Bell\u0007", "instrument": "PIANO"}}, a),
          at("2026-01-15T11:05:00Z", CREATE_OWN, {"input": {"title": "Too hard", "instrument": "PIANO", "difficultyLevel": 11}}, a),
          at("2026-01-15T11:05:00Z", CREATE_OWN, {"input": {"title": "Tagged", "instrument": "PIANO", "tags": [str(i) for i in range(21)]}}, a),
          at("2026-01-15T11:05:00Z", MERGE, {"s": "ownPieceSatieAAAAAAAA", "t": "ownPieceSatieAAAAAAAA"}, a),
          at("2026-01-15T11:05:00Z", MERGE, {"s": ELISE, "t": "ownPieceSatieAAAAAAAA"}, a),
          at("2026-01-15T11:05:00Z", MERGE, {"s": "ownPieceSatieAAAAAAAA", "t": "nopeNopeNopeNopeNope0"}, a),
          at("2026-01-15T11:05:00Z", PIECE_SUGGEST, {"p": "a", "l": 0}, a),
          at("2026-01-15T11:05:00Z", PIECE_SUGGEST, {"p": "a" * 101}, a),
          at("2026-01-15T11:05:00Z", MINE, None, a)]
steps, b, _ = signin(steps, "other-own-pieces@example.com", "2026-01-15T11:06:00Z")
steps += [at("2026-01-15T11:06:00Z", ONE, {"id": "ownPieceSatieAAAAAAAA"}, b),
          at("2026-01-15T11:06:00Z", MINE, None, b),
          at("2026-01-15T11:06:00Z", PIECE_SUGGEST, {"p": "gymn"}, b),
          at("2026-01-15T11:06:00Z", COMPOSER_SUGGEST, {"p": "vid"}, b),
          at("2026-01-15T11:06:00Z", LOG_ID, {"input": {"activityType": "REPERTOIRE", "durationSeconds": 60, "sheetMusicId": "ownPieceSatieAAAAAAAA"}}, b),
          at("2026-01-15T11:06:00Z", MERGE, {"s": "ownPieceSatieAAAAAAAA", "t": ELISE}, b),
          at("2026-01-15T11:06:00Z", CREATE_OWN, {"input": {"title": "Anonymous try", "instrument": "PIANO"}}),
          at("2026-01-15T11:06:00Z", PIECE_SUGGEST, {"p": "gymn"}),
          at("2026-01-15T11:06:00Z", MINE, None)]
save("practice_own_pieces", steps)

# 14. Every achievement of the catalogue unlocks once, at the write that earns it; progress toward the locked ones.
T2 = "2026-01-15T09:30:00Z"
steps, a, _ = signin([], "achiever@example.com", T2)
def later(seconds):
    return "2026-01-15T09:%02d:%02dZ" % (30 + seconds // 60, seconds % 60)
steps += [at(T2, ACHIEVEMENTS, None, a)]
# 100 consecutive days, a different piece each day, every activity type in turn: ten logs per request (aliased mutations run in order).
logs = []
for i in range(100):
    start = f"{(datetime.date(2025, 10, 7) + datetime.timedelta(days=i)).isoformat()}T18:00:00Z"
    log = {"activityType": ACTIVITIES[i % 13], "startedAt": start, "durationSeconds": 3700, "sheetMusicId": ALL_PIECES[i][0],
           "instrument": "GUITAR" if ALL_PIECES[i][1] == "guitar" else "PIANO"}
    if i == 4: log["accuracy"] = 91.5
    if i == 5: log.update(tempoPracticed=120, targetTempo=120)
    logs.append(log)
for block in range(10):
    names = [f"l{block * 10 + k}" for k in range(10)]
    query = "mutation(" + ", ".join(f"${n}: CreatePracticeLogInput!" for n in names) + ") { " + " ".join(f"{n}: createPracticeLog(input: ${n}) {{ id }}" for n in names) + " }"
    steps += [at(later(1 + block * 30), query, {n: logs[block * 10 + k] for k, n in enumerate(names)}, a)]
    if block in (0, 2): steps += [at(later(2 + block * 30), ACHIEVEMENTS, None, a)]
steps += [
  at(later(420), START, {"input": {"id": "sessionAchieverAAAAAA", "instrument": "PIANO", "sessionType": "FREE_PRACTICE"}}, a),
  at(later(421), COMPLETE, {"input": {"sessionId": "sessionAchieverAAAAAA"}}, a),
  at(later(422), ACHIEVEMENTS, None, a),
  at(later(423), OVERVIEW, None, a),
  at(later(423), STATS, None, a),
]
save("progress_achievements_all", steps)

# 15. Goals: validation, safe replay, progress from the logs, automatic completion, update and delete.
GOAL = "id type title target current progress sheetMusic { title } deadline completedAt createdAt"
CREATE_GOAL = "mutation($input: CreateGoalInput!) { createGoal(input: $input) { " + GOAL + " } }"
UPDATE_GOAL = "mutation($id: ID!, $input: UpdateGoalInput!) { updateGoal(id: $id, input: $input) { " + GOAL + " } }"
MY_GOALS = "query($all: Boolean) { myGoals(includeCompleted: $all) { " + GOAL + " } }"
T3 = "2026-01-15T09:30:00Z"
steps, a, _ = signin([], "goals@example.com", T3)
steps, b, _ = signin(steps, "other-goals@example.com", T3)
DAILY = {"id": "goalDailyAAAAAAAAAAAA", "type": "DAILY_MINUTES", "target": 30}
steps += [
  at(T3, CREATE_GOAL, {"input": DAILY}, a),
  at(T3, CREATE_GOAL, {"input": DAILY}, a),
  at(T3, CREATE_GOAL, {"input": dict(DAILY, target=45)}, a),
  at(T3, CREATE_GOAL, {"input": {"id": "goalWeeklyAAAAAAAAAAA", "type": "WEEKLY_MINUTES", "title": "  An hour this week  ", "target": 60, "deadline": "2026-01-31T23:00:00Z"}}, a),
  at(T3, CREATE_GOAL, {"input": {"id": "goalTempoAAAAAAAAAAAA", "type": "PIECE_TEMPO", "target": 100, "sheetMusicId": FUR}}, a),
  at(T3, CREATE_GOAL, {"input": {"id": "goalAccuracyAAAAAAAAA", "type": "PIECE_ACCURACY", "target": 95, "sheetMusicId": FUR}}, a),
]
bad = [{"type": "DAILY_MINUTES", "target": 0}, {"type": "DAILY_MINUTES", "target": 1441}, {"type": "PIECE_ACCURACY", "target": 101, "sheetMusicId": FUR},
       {"type": "PIECE_TEMPO", "target": 100}, {"type": "PIECE_TEMPO", "target": 100, "sheetMusicId": "noSuchPieceAAAAAAAAAA"},
       {"type": "DAILY_MINUTES", "target": 10, "sheetMusicId": FUR}, {"type": "DAILY_MINUTES", "target": 10, "deadline": "2026-01-15T09:00:00Z"},
       {"type": "DAILY_MINUTES", "target": 10, "title": "   "}, {"type": "DAILY_MINUTES", "target": 10, "title": "x" * 201},
       {"id": "not a nanoid", "type": "DAILY_MINUTES", "target": 10}, {"id": "goalDailyAAAAAAAAAAAA", "type": "DAILY_MINUTES", "target": 10}]
steps += [at(T3, CREATE_GOAL, {"input": i}, a) for i in bad[:-1]] + [at(T3, CREATE_GOAL, {"input": bad[-1]}, b)]
steps += [
  at("2026-01-15T09:40:00Z", LOG_ID, {"input": {"activityType": "SCALES", "startedAt": "2026-01-15T09:10:00Z", "durationSeconds": 1200}}, a),
  at("2026-01-15T09:41:00Z", MY_GOALS, None, a),
  at("2026-01-15T09:42:00Z", LOG_ID, {"input": {"activityType": "REPERTOIRE", "startedAt": "2026-01-15T09:20:00Z", "durationSeconds": 900, "sheetMusicId": FUR, "tempoPracticed": 96, "accuracy": 90}}, a),
  at("2026-01-15T09:43:00Z", MY_GOALS, None, a),
]
steps, a, _ = signin(steps, "goals@example.com", "2026-01-15T10:40:00Z")
steps, b, _ = signin(steps, "other-goals@example.com", "2026-01-15T10:40:00Z")
steps += [
  at("2026-01-15T10:40:00Z", LOG_ID, {"input": {"activityType": "REPERTOIRE", "startedAt": "2026-01-15T10:10:00Z", "durationSeconds": 1800, "sheetMusicId": FUR, "tempoPracticed": 104, "accuracy": 95.5}}, a),
  at("2026-01-15T10:41:00Z", MY_GOALS, {"all": False}, a),
  at("2026-01-15T10:41:00Z", MY_GOALS, None, a),
  at("2026-01-15T10:42:00Z", UPDATE_GOAL, {"id": "goalDailyAAAAAAAAAAAA", "input": {"target": 45, "title": "Three quarters"}}, a),
  at("2026-01-15T10:42:00Z", UPDATE_GOAL, {"id": "goalWeeklyAAAAAAAAAAA", "input": {"deadline": None}}, a),
  at("2026-01-15T10:42:00Z", UPDATE_GOAL, {"id": "goalWeeklyAAAAAAAAAAA", "input": {"target": 0}}, a),
  at("2026-01-15T10:42:00Z", UPDATE_GOAL, {"id": "goalWeeklyAAAAAAAAAAA", "input": {"deadline": "2026-01-01T00:00:00Z"}}, a),
  at("2026-01-15T10:42:00Z", UPDATE_GOAL, {"id": "goalWeeklyAAAAAAAAAAA", "input": {"title": "Mine"}}, b),
  at("2026-01-15T10:43:00Z", "mutation($id: ID!) { deleteGoal(id: $id) { success id } }", {"id": "goalTempoAAAAAAAAAAAA"}, a),
  at("2026-01-15T10:43:00Z", "mutation($id: ID!) { deleteGoal(id: $id) { success id } }", {"id": "goalTempoAAAAAAAAAAAA"}, a),
  at("2026-01-15T10:43:00Z", "mutation($id: ID!) { deleteGoal(id: $id) { success id } }", {"id": "goalAccuracyAAAAAAAAA"}, b),
  at("2026-01-15T10:44:00Z", MY_GOALS, None, b),
]
T4 = "2026-01-16T08:00:00Z"   # The next day: yesterday's minutes do not count toward a new daily goal.
steps, a, _ = signin(steps, "goals@example.com", T4)
steps += [
  at(T4, CREATE_GOAL, {"input": {"id": "goalNextDayAAAAAAAAAA", "type": "DAILY_MINUTES", "target": 10}}, a),
  at(T4, MY_GOALS, None, a),
]
save("progress_goals", steps)

# 16. Recommendations: the level follows skill, practised and mastered pieces; mastered pieces drop out; limits.
RECOMMEND = "query($instrument: Instrument!, $limit: Int) { recommendedSheetMusic(instrument: $instrument, limit: $limit) { id title metadata { difficultyLevel } myProgress { timesPracticed bestAccuracy } } }"
T5 = "2026-01-15T09:30:00Z"
steps, a, _ = signin([], "recommend@example.com", T5)
level4 = [p for p, level in PIANO if level == 4]
level6 = [p for p, level in PIANO if level == 6]
steps += [
  at(T5, RECOMMEND, {"instrument": "PIANO", "limit": 5}, a),
  at(T5, RECOMMEND, {"instrument": "PIANO", "limit": 0}, a),
  at(T5, RECOMMEND, {"instrument": "PIANO", "limit": 51}, a),
  at(T5, RECOMMEND, {"instrument": "PIANO"}),
  at(T5, "mutation { updateUser(input: {skillLevel: ADVANCED}) { skillLevel } }", token=a),
  at(T5, RECOMMEND, {"instrument": "PIANO", "limit": 4}, a),
  at(T5, LOG_ID, {"input": {"activityType": "REPERTOIRE", "startedAt": "2026-01-15T09:00:00Z", "durationSeconds": 600, "sheetMusicId": level6[0], "accuracy": 50}}, a),
  at(T5, RECOMMEND, {"instrument": "PIANO", "limit": 4}, a),
  at(T5, LOG_ID, {"input": {"activityType": "REPERTOIRE", "startedAt": "2026-01-15T09:10:00Z", "durationSeconds": 600, "sheetMusicId": level4[0], "accuracy": 95}}, a),
  at(T5, RECOMMEND, {"instrument": "PIANO", "limit": 12}, a),
  at(T5, RECOMMEND, {"instrument": "GUITAR", "limit": 3}, a),
]
save("progress_recommendations", steps)
