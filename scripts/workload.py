"""The mixed read and write load of the soak suites (`Benchmarks/soak.py` on one host,
`Tests/e2e/cluster_e2e.py` on several), what each client saw, and the checks run afterwards on
the database the load wrote.

Each client writes to the 100 shared users at random, and to a user of its own. Nothing else
writes for that own user, so the client knows how many logs it must have, up to the writes that
got no answer: every read of that count that falls outside those bounds is a wrong answer
(a stale or lost read), whichever host served it.
"""
import json, random, threading, time, http.client

SHARED_USERS = 100
READS = [
    "{ listSheetMusic(limit: 20) { totalCount edges { node { title composer } } } }",
    "{ myPracticeLogs(limit: 10) { totalCount edges { node { id durationSeconds } } } }",
    "{ myPracticeSessions(limit: 5) { totalCount edges { node { id status logs { id } } } } }",
]
CREATE = "mutation($i: ID!, $d: Int!, $p: ID) { createPracticeLog(input: {id: $i, activityType: REPERTOIRE, durationSeconds: $d, sheetMusicId: $p}) { id } }"
UPDATE = "mutation($i: ID!, $d: Int!) { updatePracticeLog(id: $i, input: {durationSeconds: $d}) { id } }"
DELETE = "mutation($i: ID!) { deletePracticeLog(id: $i) { success } }"
OWN_COUNT = "{ myPracticeLogs(limit: 1) { totalCount } }"


def post(port, payload, token=None, timeout=15):
    """One request to nginx on 127.0.0.1:PORT; answers (status, json, headers), or
    (None, None, {}) when the connection failed."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        connection.request("POST", "/graphql", json.dumps(payload), headers)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        answer = json.loads(body) if body[:1] in (b"{", b"[") else None
        return response.status, answer, {name.lower(): value for name, value in response.getheaders()}
    except (OSError, http.client.HTTPException):
        return None, None, {}


class Load:
    """`clients` threads sending the mix for `seconds` through nginx on `port`, with the tokens
    of SHARED_USERS shared users followed by one own user per client."""

    def __init__(self, port, tokens, pieces, seconds, clients):
        self.port, self.tokens, self.pieces, self.clients = port, tokens, pieces, clients
        self.stop_at = time.time() + seconds
        self.lock = threading.Lock()
        self.acknowledged = {}   # log id -> duration, of acknowledged creates and updates
        self.deleted = set()     # acknowledged deletes
        self.uncertain = set()   # writes sent that got no answer: they may or may not be stored
        self.latencies, self.statuses = [], {}
        self.internal, self.rejected, self.wrong = [], [], []
        self.missing_retry_after = 0
        self.failed_answers = []  # (sent, answered, status) of every answer other than a 200
        self.own_reads = 0

    def run(self, *others):
        """Runs the clients and the `others` threads' targets beside them until all end."""
        threads = [threading.Thread(target=self._client, args=(n,)) for n in range(self.clients)]
        threads += [threading.Thread(target=other) for other in others]
        [thread.start() for thread in threads]
        [thread.join() for thread in threads]

    def running(self):
        return time.time() < self.stop_at

    def _client(self, number):
        generator = random.Random(number)
        mine = []                 # (log id, user) this client created and has not deleted
        own = self.tokens[SHARED_USERS + number]
        own_stored, own_unsure = 0, 0
        created = 0
        while self.running():
            is_own = generator.random() < 0.25
            token = own if is_own else self.tokens[generator.randrange(SHARED_USERS)]
            roll = generator.random()
            kind = None
            if roll < 0.10 and is_own:
                payload = {"query": OWN_COUNT}
                kind = ("own-count", None, None)
            elif roll < 0.45:
                payload = {"query": generator.choice(READS)}
            elif roll < 0.80 or not mine:
                created += 1
                log_id = "s%02d%06d" % (number, created) + "x" * 12
                duration = generator.randrange(1, 3600)
                payload = {"query": CREATE, "variables": {"i": log_id, "d": duration, "p": generator.choice(self.pieces)}}
                kind = ("create", log_id, duration)
            elif roll < 0.92:
                log_id, token, is_own = generator.choice(mine)
                duration = generator.randrange(1, 3600)
                payload = {"query": UPDATE, "variables": {"i": log_id, "d": duration}}
                kind = ("update", log_id, duration)
            else:
                log_id, token, is_own = mine.pop(generator.randrange(len(mine)))
                payload = {"query": DELETE, "variables": {"i": log_id}}
                kind = ("delete", log_id, None)
            started = time.time()
            status, answer, headers = post(self.port, payload, token)
            elapsed = time.time() - started
            errors = [e.get("extensions", {}).get("code") for e in answer.get("errors", [])] if isinstance(answer, dict) else []
            ok = status == 200 and isinstance(answer, dict) and not errors
            # No answer, or a 5xx when a handler died or the database was away mid-request: the
            # write may or may not have committed, so it is checked only for consistency.
            unanswered = status is None or status >= 500
            if unanswered and status is not None:
                time.sleep(0.05)  # a 502 or 503: the outage lasts a moment, do not spin on it
            with self.lock:
                self.latencies.append(elapsed)
                self.statuses[status] = self.statuses.get(status, 0) + 1
                if status != 200:
                    self.failed_answers.append((started, started + elapsed, status))
                if status == 503 and "retry-after" not in headers:
                    self.missing_retry_after += 1
                if errors and not unanswered:
                    # An outage answered under a status below 500 would be a wrong answer too.
                    failed = any(code in ("INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE") for code in errors)
                    (self.internal if failed else self.rejected).append((kind, status, errors))
                if kind is None:
                    continue
                action, log_id, duration = kind
                if action == "own-count":
                    if ok:
                        self.own_reads += 1
                        count = answer["data"]["myPracticeLogs"]["totalCount"]
                        if not own_stored - own_unsure <= count <= own_stored + own_unsure:
                            self.wrong.append(f"client {number}'s own user has {count} logs, expected {own_stored} ± {own_unsure}")
                    continue
                if ok:
                    if action == "delete":
                        self.deleted.add(log_id)
                        self.acknowledged.pop(log_id, None)
                    else:
                        self.acknowledged[log_id] = duration
                    if action == "create":
                        mine.append((log_id, token, is_own))
                    if is_own and action != "update":
                        own_stored += 1 if action == "create" else -1
                elif unanswered:
                    self.uncertain.add(log_id)
                    if is_own and action != "update":
                        own_unsure += 1

    def check(self, rows, rebuild, allowed, outages=None):
        """Failures of the checks on the database after the load. `rows(sql)` answers a query's
        rows as tuples of text; `rebuild()` runs `mirubato progress rebuild` and answers its
        failure or None. `allowed` holds the statuses clients may have seen (None: no answer at
        all); with `outages`, a list of (from, until) times, only requests that overlapped one
        may have seen anything but a 200. Answers (failures, summary lines)."""
        failures = []
        if outages is not None:
            stray = [(status, round(sent - self.stop_at, 1)) for sent, answered, status in self.failed_answers
                     if not any(sent <= until and answered >= begun for begun, until in outages)]
            if stray:
                failures.append(f"{len(stray)} answers other than 200 outside the outages, e.g. (status, s before the end) {stray[:3]}")
        stored = {log_id: int(duration) for log_id, duration in rows("SELECT id, duration_seconds FROM practice_logs")}
        for log_id, duration in self.acknowledged.items():
            if log_id not in self.uncertain and stored.get(log_id) != duration:
                failures.append(f"acknowledged {log_id} (duration {duration}) stored as {stored.get(log_id)}")
        for log_id in self.deleted - self.uncertain:
            if log_id in stored:
                failures.append(f"acknowledged delete of {log_id} but it is stored")
        progress_mismatch = rows("""
            SELECT count(*) FROM (SELECT user_id, sheet_music_id, count(*) AS n FROM practice_logs
              WHERE sheet_music_id IS NOT NULL GROUP BY user_id, sheet_music_id) l
            LEFT JOIN user_sheet_music_progress p USING (user_id, sheet_music_id)
            WHERE p.times_practiced IS DISTINCT FROM l.n""")[0][0]
        if int(progress_mismatch):
            failures.append(f"{progress_mismatch} per-piece progress rows differ from a rebuild")
        session_mismatch = rows("""SELECT count(*) FROM practice_sessions s
            WHERE s.total_exercises != (SELECT count(*) FROM practice_logs l WHERE l.session_id = s.id)""")[0][0]
        if int(session_mismatch):
            failures.append(f"{session_mismatch} sessions' totals differ from their logs")
        derived = derived_progress(rows)
        problem = rebuild()
        if problem:
            failures.append(f"progress rebuild failed: {problem}")
        rebuilt = derived_progress(rows)
        differing = [name for name in derived if derived[name] != rebuilt[name]]
        for name in differing:
            before, after = set(derived[name]), set(rebuilt[name])
            failures.append(f"derived {name} differs from a rebuild: kept {sorted(before - after)[:2]}, rebuilt {sorted(after - before)[:2]}")
        if self.internal:
            failures.append(f"{len(self.internal)} internal errors or errors under 200, e.g. {self.internal[:2]}")
        if self.rejected:
            failures.append(f"{len(self.rejected)} writes rejected, e.g. {self.rejected[:2]}")
        failures += self.wrong[:5]
        if len(self.wrong) > 5:
            failures.append(f"… {len(self.wrong)} wrong counts in all")
        if self.missing_retry_after:
            failures.append(f"{self.missing_retry_after} 503s without Retry-After")
        odd = {status: count for status, count in self.statuses.items() if status not in allowed}
        if odd:
            failures.append(f"answers other than {sorted(allowed, key=str)}: {odd}")
        total = len(self.latencies)
        self.latencies.sort()
        summary = [
            f"requests: {total}; statuses {dict(sorted((str(k), v) for k, v in self.statuses.items()))}",
            f"latency p50 {self.latencies[total // 2] * 1000:.1f} ms, p99 {self.latencies[int(total * 0.99)] * 1000:.1f} ms",
            f"acknowledged logs checked: {len(self.acknowledged)}; acknowledged deletes: {len(self.deleted)}; "
            f"unanswered writes: {len(self.uncertain)}; own-user counts read and checked: {self.own_reads}",
            f"logs stored: {len(stored)}; derived progress rows compared with a rebuild: "
            f"{sum(len(value) for value in derived.values())} ({'equal' if not differing else 'DIFFERENT'})",
        ]
        return failures, summary


def derived_progress(rows):
    """Every derived progress row, minus the bookkeeping times a rebuild moves on."""
    return {
        "progress_tracking": rows("""SELECT user_id, instrument, skill_area, current_level, experience_points,
            total_practice_time, consecutive_days, longest_streak, last_practice_date, accuracy_trend, speed_trend, achievements,
            milestones FROM progress_tracking ORDER BY user_id, instrument, skill_area"""),
        # Named columns: PostgreSQL's tables carry a rowid identity column that a rebuild renumbers.
        "practice_days": rows("""SELECT user_id, instrument, skill_area, day, logs, seconds, experience, accuracy_sum,
            accuracy_count, speed_sum, speed_count, rating_sum, rating_count, tempo_targets_met, activity_mask
            FROM practice_days ORDER BY user_id, instrument, skill_area, day"""),
        "practice_day_details": rows("""SELECT user_id, instrument, day, activity_type, sheet_music_id, logs, seconds
            FROM practice_day_details ORDER BY user_id, day, instrument, activity_type, sheet_music_id"""),
        "user_achievements": rows("SELECT user_id, achievement_id, unlocked_at FROM user_achievements ORDER BY user_id, achievement_id"),
        "local_days": rows("SELECT id, local_day FROM practice_logs ORDER BY id"),
        "repertoire": rows("""SELECT user_id, sheet_music_id, status, practice_seconds, last_practiced_day FROM repertoire
            ORDER BY user_id, sheet_music_id"""),
    }
