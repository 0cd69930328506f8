#!/usr/bin/env python3
"""A teacher's "my students" at scale through nginx (issue 29): 200 students, each with a year of
logs, sharing logs, progress and repertoire with one teacher, behind the same nginx + FastCGI,
with wrk.

Usage: Benchmarks/teacher_scale.py PATH/TO/mirubato [SECONDS]
Seeds a fresh SQLite database (`mirubato seed --demo-users 201 --logs-per-user 1825`: the seeder
spreads a user's logs over count / 5 days, so 1,825 logs are a year of about five a practice
day; 365,000 logs in all), makes demo-200 the teacher of the other 200 (rows in teacher_shares,
as 200 accepted invites leave them), signs the teacher in and times:
- `myStudents` with each student's last practice day, streak and minutes this week, the first
  request (every summary computed: the KV cache is empty) and then under wrk (cached per student,
  day and progress revision);
- one student's week of logs (`student(id:) { practiceLogs }`), the check of the share included;
- `{ __typename }`, the floor: a request that does no work.
"""
import json, os, subprocess, sys, tempfile, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serving  # noqa: E402
from http_wrk import post, wrk  # noqa: E402

binary = os.path.abspath(sys.argv[1])
seconds = sys.argv[2] if len(sys.argv) > 2 else "10"
folder = tempfile.mkdtemp(prefix="mirubato-teacher-scale-")
env = dict(os.environ, MIRUBATO_ENV="development", MIRUBATO_JWT_SECRET="teacher-scale-secret-0123456789abcdef012345678",
           MIRUBATO_DATA_KEY="0123456789abcdef" * 4, MIRUBATO_RATE_REQUESTS="100000000/60", MIRUBATO_RATE_MAGIC_CLIENT="1000/60",
           MIRUBATO_DB=f"{folder}/mirubato.db", MIRUBATO_KV=f"{folder}/kv.db", MIRUBATO_REMIND="off")
started = time.monotonic()
subprocess.run([binary, "seed", "--demo-users", "201", "--logs-per-user", "1825"], env=env, check=True, capture_output=True)
seeded = time.monotonic() - started
# 25 = LOGS | PROGRESS | REPERTOIRE, the default an invite grants.
subprocess.run(["sqlite3", env["MIRUBATO_DB"], """
    INSERT INTO teacher_shares (student_id, teacher_id, scopes, created_at, updated_at)
    SELECT s.id, t.id, 25, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    FROM users s, users t WHERE t.email = 'demo-200@example.com' AND s.email LIKE 'demo-%@example.com' AND s.id <> t.id"""], check=True)
logs = subprocess.run(["sqlite3", env["MIRUBATO_DB"], "SELECT count(*), count(DISTINCT user_id) FROM practice_logs"], capture_output=True, text=True, check=True).stdout.strip()
process, port, env = serving.start(folder, binary, env)
try:
    token = serving.sign_in(port, binary, env, "demo-200@example.com")
    students = "{ myStudents { id contact { displayName email } lastPracticeDate currentStreak minutesThisWeek } }"
    began = time.monotonic()
    answer = json.loads(post(port, students, token))
    cold = (time.monotonic() - began) * 1000
    assert "errors" not in answer, answer
    listed = answer["data"]["myStudents"]
    assert len(listed) == 200 and all(s["lastPracticeDate"] for s in listed), len(listed)
    one = listed[0]["id"]
    week = '{ student(id: "%s") { practiceLogs(limit: 50) { edges { node { id startedAt durationSeconds activityType sheetMusic { title } } } } } }' % one
    assert "errors" not in json.loads(post(port, week, token))
    print(f"{binary}; 200 students x 1,825 logs (a year each; {logs.replace('|', ' logs of ')} users); seeded in {seeded:.0f} s; "
          f"wrk -t2 -c32 -d{seconds}s through nginx + FastCGI")
    print(f"First `myStudents` (200 summaries computed, KV cache empty): {cold:.0f} ms")
    print("| operation | requests/s | p50 | p99 | non-2xx |")
    print("|---|---|---|---|---|")
    for name, query in [("{ __typename } (floor)", "{ __typename }"), ("myStudents, 200 students, summaries cached", students),
                        ("student(id:) practiceLogs, 50 of a year", week)]:
        result = wrk(f"http://127.0.0.1:{port}/graphql", query, token, seconds, folder)
        print(f"| `{name}` | {result.rate:,.0f} | {result.p50} | {result.p99} | {result.non2xx} |")
finally:
    serving.stop(process)
