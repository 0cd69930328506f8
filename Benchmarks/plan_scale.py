#!/usr/bin/env python3
"""`myPlan` at scale through nginx, beside `myProgress` (issue 28): one user with 100,000 logs and
a full plan of 200 items, behind the same nginx + FastCGI, with wrk.

Usage: Benchmarks/plan_scale.py PATH/TO/mirubato [SECONDS]
Seeds a fresh SQLite database (`mirubato seed --demo-users 1 --logs-per-user 100000`), starts
`scripts/serve` on it, signs demo-0@example.com in, gives them 200 plan items (exercises every
day, catalogue pieces on Mondays and Thursdays, every third day: about 110 due a day), then runs
wrk (2 threads, 32 connections) for each operation below and prints a table. `{ __typename }`
is the floor: the cost of a request that does no work.
"""
import datetime, json, os, subprocess, sys, tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serving  # noqa: E402
from http_wrk import post, wrk  # noqa: E402

binary = os.path.abspath(sys.argv[1])
seconds = sys.argv[2] if len(sys.argv) > 2 else "10"
folder = tempfile.mkdtemp(prefix="mirubato-plan-scale-")
env = dict(os.environ, MIRUBATO_ENV="development", MIRUBATO_JWT_SECRET="plan-scale-secret-0123456789abcdef0123456789",
           MIRUBATO_DATA_KEY="0123456789abcdef" * 4, MIRUBATO_RATE_REQUESTS="100000000/60", MIRUBATO_RATE_MAGIC_CLIENT="1000/60",
           MIRUBATO_DB=f"{folder}/mirubato.db", MIRUBATO_KV=f"{folder}/kv.db", MIRUBATO_REMIND="off")
subprocess.run([binary, "seed", "--demo-users", "1", "--logs-per-user", "100000"], env=env, check=True, capture_output=True)
process, port, env = serving.start(folder, binary, env)
try:
    token = serving.sign_in(port, binary, env, "demo-0@example.com")
    pieces = [edge["node"]["id"] for edge in json.loads(post(port, "{ listSheetMusic(limit: 100) { edges { node { id } } } }"))["data"]["listSheetMusic"]["edges"]]
    start = json.loads(post(port, "{ myPlan { date } }", token))["data"]["myPlan"]["date"]
    for batch in range(0, 200, 25):
        creates = []
        for index in range(batch, batch + 25):
            what = f'exercise: "Exercise {index}"' if index % 2 == 0 else f'sheetMusicId: "{pieces[index % len(pieces)]}"'
            schedule = [f'{{kind: EVERY_N_DAYS, startDate: "{start}", everyDays: 1}}',
                        f'{{kind: WEEKDAYS, startDate: "{start}", weekdays: [MONDAY, THURSDAY]}}',
                        f'{{kind: EVERY_N_DAYS, startDate: "{start}", everyDays: 3}}'][index % 3]
            creates.append(f"p{index}: createPlanItem(input: {{{what}, targetMinutes: {10 + index % 20}, schedule: {schedule}}}) {{ id }}")
        answer = json.loads(post(port, "mutation { " + " ".join(creates) + " }", token))
        assert "errors" not in answer, answer
    due = len(json.loads(post(port, "{ myPlan { items { state } } }", token))["data"]["myPlan"]["items"])
    operations = [
        ("{ __typename } (floor)", "{ __typename }"),
        (f"myPlan ({due} of 200 items due)", "{ myPlan { date plannedMinutes items { state practicedSeconds planItem { id title targetMinutes } } } }"),
        ("myPlanDays, 7 days", "{ myPlanDays(from: \"%s\", to: \"%s\") { date items { state planItem { id } } } }" % (start, start)),
        ("myProgress { level }", "{ myProgress { level } }"),
        ("myProgress (full overview)", "{ myProgress { totalPracticeSeconds currentStreak longestStreak level skillAreas { skillArea level experiencePoints accuracyTrend } dailySummaries { date sessions totalSeconds activities averageAccuracy } accuracyTrend { date value } tempoTrend { date value } recentMilestones { date title } } }"),
    ]
    print(f"{binary}; one user with 100,000 logs and 200 plan items; wrk -t2 -c32 -d{seconds}s through nginx + FastCGI")
    print("| operation | requests/s | p50 | p99 | non-2xx |")
    print("|---|---|---|---|---|")
    for name, query in operations:
        if "myPlanDays" in query:
            last = (datetime.date.fromisoformat(start) + datetime.timedelta(days=6)).isoformat()
            query = query.replace(f'to: "{start}"', f'to: "{last}"')
        assert "errors" not in json.loads(post(port, query, token)), name
        result = wrk(f"http://127.0.0.1:{port}/graphql", query, token, seconds, folder)
        print(f"| `{name}` | {result.rate:,.0f} | {result.p50} | {result.p99} | {result.non2xx} |")
finally:
    serving.stop(process)
