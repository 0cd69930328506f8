#!/usr/bin/env python3
"""Plans, reminders and the calendar feed as a musician and their mail and calendar apps meet
them (issue 28).

Usage: reminders_e2e.py PATH/TO/mirubato   (under scripts/backends.py: on PostgreSQL + Redis)
Runs a real SMTP server (aiosmtpd, started here on loopback) and the server behind nginx with a
pinned clock. Sign-in links and reminders leave through `mirubato mail send` to MIRUBATO_SMTP
(msmtp) and are parsed with Python's `email` package. `mirubato remind` runs at pinned instants
around Los Angeles' and Auckland's own 18:00, on both sides of Los Angeles' DST change; two runs
at once queue one reminder. The unsubscribe link and the RFC 8058 one-click POST go through
nginx. An SMTP server that refuses or is down leaves the mail queued with its error, and it is
sent once when the server is back. The calendar feed is fetched through nginx, parsed with
icalendar, its recurrences expanded with recurring-ical-events, and compared day by day with
myPlanDays; a revoked, rotated or forged token is a 404 with no timing difference worth
measuring. Prints "N passed, M failed"; exit 1 when anything failed.
"""
import datetime, email, email.policy, email.utils, json, os, re, statistics, subprocess, sys, tempfile, time, urllib.error
import urllib.parse, urllib.request
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from aiosmtpd.controller import Controller

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import serving  # noqa: E402
from checklist import Checklist  # noqa: E402

binary = os.path.abspath(sys.argv[1])
work = tempfile.mkdtemp(prefix="mirubato-reminders-")
database, kv = serving.stores(work, "reminders")
NOW = "2026-03-01T20:00:00Z"  # Sunday: noon in Los Angeles (PST), 09:00 on Monday in Auckland (NZDT)
ENV = dict(os.environ, MIRUBATO_ENV="test", MIRUBATO_JWT_SECRET="test-secret-for-reminder-tests-0123456789ab",
           MIRUBATO_DATA_KEY="0123456789abcdef" * 4, MIRUBATO_RATE_REQUESTS="100000/60", MIRUBATO_RATE_MAGIC_CLIENT="1000/60",
           MIRUBATO_DB=database, MIRUBATO_KV=kv, MIRUBATO_NOW=NOW, MIRUBATO_MAIL_FROM="Mirubato <reminders@mirubato.test>")
report = Checklist()
check = report.check


class Inbox:
    """What the SMTP server received; RCPT to an address in `refuse` is answered 550."""

    def __init__(self):
        self.messages, self.refuse = [], set()

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content, policy=email.policy.default)))
        return "250 Message accepted for delivery"

    def to(self, address, subject=None):
        return [m for rcpt, m in self.messages if address in rcpt and (subject is None or subject in m["Subject"])]


inbox = Inbox()
smtp_port = serving.free_port()
controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
controller.start()


def run(*arguments, now=NOW, smtp=True):
    env = dict(ENV, MIRUBATO_NOW=now)
    if smtp:
        env["MIRUBATO_SMTP"] = f"smtp://127.0.0.1:{smtp_port}"
    return subprocess.run([binary, *arguments], env=env, capture_output=True, text=True)


subprocess.run([binary, "seed"], env=ENV, check=True, capture_output=True)
process, port, _ = serving.start(work, binary, ENV, database=database, kv=kv)
BASE = f"http://127.0.0.1:{port}"


def local(url):
    """A link the server wrote (MIRUBATO_PUBLIC_URL's default host) as reachable here."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(("http", f"127.0.0.1:{port}", parts.path, parts.query, ""))


def http(url, data=None, headers=None, method=None):
    request = urllib.request.Request(url, data, headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, dict(answer.headers), answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def graphql(token, query, variables=None):
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    return json.loads(http(BASE + "/graphql", json.dumps({"query": query, "variables": variables or {}}).encode(), headers)[2])


def sign_in_by_mail(address):
    """Asks for a link, has `mail send` deliver it over SMTP, and follows the one received."""
    graphql(None, "mutation($e: String!) { requestMagicLink(email: $e) { success } }", {"e": address})
    sent = run("mail", "send")
    links = [re.search(r"token=([A-Za-z0-9_-]+)", m.get_content()) for m in inbox.to(address, "sign-in")]
    check(f"the sign-in link to {address} arrives over SMTP", sent.returncode == 0 and links and links[-1], sent.stdout + sent.stderr)
    answer = graphql(None, "mutation($t: String!) { verifyMagicLink(token: $t) { accessToken } }", {"t": links[-1].group(1)})
    return answer["data"]["verifyMagicLink"]["accessToken"]


def settings(token, zone, time_of_day):
    answer = graphql(token, "mutation($p: UserPreferencesInput!) { updateUser(input: {preferences: $p}) { id } }",
                     {"p": {"timeZone": zone, "practiceReminders": True, "reminderTime": time_of_day}})
    check(f"reminders on at {time_of_day} in {zone}", "errors" not in answer, answer)


CREATE = "mutation($i: CreatePlanItemInput!) { createPlanItem(input: $i) { id } }"


def plan_item(token, **fields):
    answer = graphql(token, CREATE, {"i": fields})
    check(f"plan item {fields.get('exercise') or fields.get('sheetMusicId')}", "errors" not in answer, answer)
    return answer["data"]["createPlanItem"]["id"]


def queued(result):
    found = re.search(r"(\d+) reminders? queued", result.stdout)
    return int(found.group(1)) if found else -1


try:
    # --- A Los Angeles pianist and an Auckland guitarist, their plans ------------------------------
    la = sign_in_by_mail("la@example.com")
    nz = sign_in_by_mail("nz@example.com")
    settings(la, "America/Los_Angeles", "18:00")
    settings(nz, "Pacific/Auckland", "18:00")
    piece = graphql(la, "{ listSheetMusic(limit: 1, filter: {instrument: PIANO}) { edges { node { id title } } } }")
    piece = piece["data"]["listSheetMusic"]["edges"][0]["node"]
    daily = plan_item(la, exercise="Scales in thirds", targetMinutes=15, schedule={"kind": "EVERY_N_DAYS", "startDate": "2026-02-20", "everyDays": 1})
    weekly = plan_item(la, sheetMusicId=piece["id"], targetMinutes=25, focusAreas=["PHRASING"],
                       schedule={"kind": "WEEKDAYS", "startDate": "2026-03-01", "endDate": "2026-04-10", "weekdays": ["MONDAY", "WEDNESDAY", "FRIDAY"]})
    third = plan_item(la, exercise="Sight-reading; new hymn, both hands", targetMinutes=10,
                      schedule={"kind": "EVERY_N_DAYS", "startDate": "2026-02-26", "everyDays": 3})
    once = plan_item(la, exercise="Lesson prep", targetMinutes=30, schedule={"kind": "ONCE", "startDate": "2026-03-15"})
    plan_item(la, exercise="Paused étude", targetMinutes=20, paused=True, schedule={"kind": "EVERY_N_DAYS", "startDate": "2026-03-01", "everyDays": 1})
    skipped = graphql(la, "mutation($id: ID!) { skipPlanItem(id: $id, date: \"2026-03-10\") { skippedDates } }", {"id": daily})
    check("a skip is kept on the item", skipped.get("data", {}).get("skipPlanItem", {}).get("skippedDates") == ["2026-03-10"], skipped)
    plan_item(nz, exercise="Tremolo study", targetMinutes=20, schedule={"kind": "EVERY_N_DAYS", "startDate": "2026-03-01", "everyDays": 1})
    bad = graphql(la, CREATE, {"i": {"exercise": "x", "targetMinutes": 20, "schedule": {"kind": "WEEKDAYS", "startDate": "2026-03-01", "weekdays": []}}})
    check("a schedule with no day is BAD_USER_INPUT naming the field",
          bad.get("errors", [{}])[0].get("extensions", {}).get("field") == "input.schedule.weekdays", bad)
    today = graphql(la, "{ myPlan { date plannedMinutes items { state planItem { id title } } } }")["data"]["myPlan"]
    check("today's plan in Los Angeles is Sunday 1 March, in plan order",
          today["date"] == "2026-03-01" and [i["planItem"]["id"] for i in today["items"]] == [daily, third], today)

    # --- Reminders at each user's own 18:00 ------------------------------------------------------
    check("17:59 in Los Angeles: nothing yet", queued(run("remind", now="2026-03-02T01:59:00Z")) == 0)
    check("18:00 in Los Angeles (PST): one reminder", queued(run("remind", now="2026-03-02T02:00:00Z")) == 1)
    check("again the same evening: none", queued(run("remind", now="2026-03-02T04:59:00Z")) == 0)
    check("18:00 in Auckland (NZDT): one reminder", queued(run("remind", now="2026-03-02T05:00:00Z")) == 1)
    sent = run("mail", "send", now="2026-03-02T05:01:00Z")
    check("mail send delivers both over SMTP", sent.returncode == 0 and "2 sent, 0 failed" in sent.stdout, sent.stdout + sent.stderr)
    mail = inbox.to("la@example.com", "practise")
    check("Los Angeles got exactly one reminder", len(mail) == 1, [m["Subject"] for m in mail])
    if mail:
        message = mail[0]
        body = message.get_content()
        check("it is from the configured sender", message["From"] == "Mirubato <reminders@mirubato.test>", message["From"])
        check("its Date is when it was queued", email.utils.parsedate_to_datetime(message["Date"]) ==
              datetime.datetime(2026, 3, 2, 2, 0, tzinfo=datetime.timezone.utc), message["Date"])
        check("it lists the day's due plan items with their minutes",
              "Scales in thirds: 15 min" in body and "Sight-reading; new hymn, both hands: 10 min" in body, body)
        check("RFC 8058 one-click headers", message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
              and re.fullmatch(r"<http://[^>]+/unsubscribe\?token=[A-Za-z0-9_.-]+>", message["List-Unsubscribe"] or ""), dict(message))
        link = re.search(r"Turn these reminders off: (\S+)", body).group(1)
        check("the body's unsubscribe link is the header's", f"<{link}>" == message["List-Unsubscribe"], link)
        status, headers, page = http(local(link))
        me = lambda: graphql(la, "{ me { preferences { practiceReminders } } }")["data"]["me"]["preferences"]["practiceReminders"]
        check("GET of the link shows one button and changes nothing", status == 200 and "<form method=\"post\"" in page and me() is True, page)
        status, _, _ = http(local(link.replace("token=", "token=x")), b"List-Unsubscribe=One-Click",
                            {"Content-Type": "application/x-www-form-urlencoded"})
        check("a forged token is 404 and changes nothing", status == 404 and me() is True, status)
        status, _, page = http(local(link), b"List-Unsubscribe=One-Click", {"Content-Type": "application/x-www-form-urlencoded"})
        check("the one-click POST turns reminders off", status == 200 and "Reminders are off" in page and me() is False, page)
        check("no reminder after unsubscribing", queued(run("remind", now="2026-03-03T02:00:00Z")) == 0)
        settings(la, "America/Los_Angeles", "18:00")
    nz_mail = inbox.to("nz@example.com", "practise")
    check("Auckland's lists its own plan", len(nz_mail) == 1 and "Tremolo study: 20 min" in nz_mail[0].get_content(), len(nz_mail))
    # After Los Angeles moves to PDT on 8 March, 18:00 is 01:00Z.
    check("9 March 17:59 PDT: nothing yet", queued(run("remind", now="2026-03-10T00:59:00Z")) == 0)
    check("9 March 18:00 PDT: one reminder", queued(run("remind", now="2026-03-10T01:00:00Z")) == 1)
    run("mail", "send", now="2026-03-10T01:00:00Z")

    # --- Two runs at once, one reminder ------------------------------------------------------------
    both = sign_in_by_mail("both@example.com")
    settings(both, "UTC", "09:00")
    env = dict(ENV, MIRUBATO_NOW="2026-03-04T09:00:00Z")
    runs = [subprocess.Popen([binary, "remind"], env=env, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [r.communicate(timeout=60)[0] for r in runs]
    pending = run("mail", "list", now="2026-03-04T09:00:00Z").stdout
    check("two runs at once queue one reminder", pending.count("to both@example.com") == 1, outputs + [pending])

    # --- An SMTP server that refuses, then is down: nothing lost, nothing sent twice ---------------
    inbox.refuse.add("both@example.com")
    refused = run("mail", "send", now="2026-03-04T09:01:00Z")
    listing = run("mail", "list", now="2026-03-04T09:01:00Z").stdout
    check("a refused message fails the run and stays queued with its error",
          refused.returncode == 1 and "to both@example.com" in listing and "attempts: 1" in listing and "last error" in listing, listing)
    inbox.refuse.clear()
    controller.stop()
    down = run("mail", "send", now="2026-03-04T09:02:00Z")
    listing = run("mail", "list", now="2026-03-04T09:02:00Z").stdout
    check("a server that is down: still queued, attempts 2", down.returncode == 1 and "attempts: 2" in listing, listing)
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    first = run("mail", "send", now="2026-03-04T09:03:00Z")
    second = run("mail", "send", now="2026-03-04T09:04:00Z")
    check("back up: sent once, and a second run sends nothing",
          "1 sent, 0 failed" in first.stdout and "0 sent, 0 failed" in second.stdout and len(inbox.to("both@example.com", "practise")) == 1,
          first.stdout + second.stdout)
    test_send = graphql(both, "mutation { sendTestReminder { success } }")  # queued at the server's pinned NOW
    run("mail", "send")
    check("a test reminder arrives at once", test_send["data"]["sendTestReminder"]["success"] and len(inbox.to("both@example.com", "Test:")) == 1)

    # --- The calendar feed ---------------------------------------------------------------------------
    graphql(la, "mutation($i: CreatePracticeLogInput!) { createPracticeLog(input: $i) { id } }",
            {"i": {"activityType": "SCALES", "instrument": "PIANO", "startedAt": "2026-03-01T17:00:00Z", "durationSeconds": 900,
                   "planItemId": daily, "workTitle": "Scales in thirds"}})
    feed = graphql(la, "mutation { enableCalendarFeed { url createdAt } }")["data"]["enableCalendarFeed"]
    check("the feed's URL is the API host's /calendar/TOKEN.ics", re.fullmatch(r"http://[^/]+/calendar/[A-Za-z0-9_-]{43}\.ics", feed["url"]), feed)
    again = graphql(la, "{ myCalendarFeed { url } }")["data"]["myCalendarFeed"]
    check("the app can show the URL again", again and again["url"] == feed["url"], again)
    status, headers, text = http(local(feed["url"]))
    check("the feed answers text/calendar", status == 200 and headers.get("Content-Type", "").startswith("text/calendar"), (status, headers))
    calendar = icalendar.Calendar.from_ical(text)
    check("with a VTIMEZONE for the user's zone",
          any(c.name == "VTIMEZONE" and str(c["TZID"]) == "America/Los_Angeles" for c in calendar.walk()), text[:400])
    zone = ZoneInfo("America/Los_Angeles")
    first_day = datetime.date(2026, 3, 1)
    occurrences = recurring_ical_events.of(calendar).between(first_day, first_day + datetime.timedelta(days=56))
    by_day, times = {}, set()
    for event in occurrences:
        uid = str(event["UID"])
        start = event["DTSTART"].dt
        if uid.startswith("plan-"):
            at = start.astimezone(zone)
            by_day.setdefault(at.date().isoformat(), set()).add(uid[len("plan-"):].split("@")[0])
            times.add(at.strftime("%H:%M"))
    days = graphql(la, "{ myPlanDays(from: \"2026-03-01\", to: \"2026-04-25\") { date items { state planItem { id } } } }")["data"]["myPlanDays"]
    mismatched = [d["date"] for d in days
                  if by_day.get(d["date"], set()) != {i["planItem"]["id"] for i in d["items"] if i["state"] != "SKIPPED"}]
    check("each of 56 days has the events myPlanDays has (skips excluded, pauses absent)", len(days) == 56 and not mismatched,
          [(d, sorted(by_day.get(d, []))) for d in mismatched[:3]])
    check("every plan event is at the reminder time, 18:00, on both sides of the DST change", times == {"18:00"}, times)
    check("recurring items are RRULEs with the user's TZID",
          sum(1 for c in calendar.walk("VEVENT") if "RRULE" in c and c["DTSTART"].params.get("TZID") == "America/Los_Angeles") == 3)
    check("the one-day item and the weekly piece are there", {once, weekly, third} <= set().union(*by_day.values()))
    logs = [c for c in calendar.walk("VEVENT") if str(c["UID"]).startswith("log-")]
    check("past practice is a confirmed entry", len(logs) == 1 and str(logs[0]["STATUS"]) == "CONFIRMED"
          and "Scales in thirds" in str(logs[0]["SUMMARY"]), [str(c.get("SUMMARY")) for c in logs])

    rotated = graphql(la, "mutation { enableCalendarFeed { url } }")["data"]["enableCalendarFeed"]["url"]
    check("rotating: the old URL is 404, the new one works", http(local(feed["url"]))[0] == 404 and http(local(rotated))[0] == 200)
    revoked = graphql(la, "mutation { revokeCalendarFeed { success } }")
    check("revoked: 404", revoked["data"]["revokeCalendarFeed"]["success"] and http(local(rotated))[0] == 404)
    forged = BASE + "/calendar/" + "A" * 43 + ".ics"
    timings = {"forged": [], "revoked": []}
    for _ in range(60):
        for name, url in (("forged", forged), ("revoked", local(rotated))):
            started = time.perf_counter()
            status = http(url)[0]
            timings[name].append(time.perf_counter() - started)
            check(f"{name} token is 404", status == 404, status)
    gap = abs(statistics.median(timings["forged"]) - statistics.median(timings["revoked"])) * 1000
    print(f"calendar 404 medians: forged {statistics.median(timings['forged']) * 1000:.2f} ms, "
          f"revoked {statistics.median(timings['revoked']) * 1000:.2f} ms")
    check("a forged and a revoked token take the same time (medians within 1 ms)", gap < 1.0, f"{gap:.3f} ms")
finally:
    serving.stop(process)
    controller.stop()

report.finish("reminders")
