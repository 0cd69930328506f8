#!/usr/bin/env python3
"""The practice app in a real browser: Debian's chromium and chromium-driver, driven by Selenium,
against the real nginx + API started here (issue 21).

Usage: PYTHON-WITH-selenium app_e2e.py PATH/TO/mirubato
- A full day: sign in by magic link (read from the outbox with `mirubato mail list --body`, as
  in development), start a session, pause it (the timer stops and survives a reload), resume,
  three logs, finish; the achievement arrives live; progress shows the streak and it.
- The catalogue: search, a piece with its notation drawn, practising it (it enters the repertoire
  as learning; its status is moved on), a random piece, a piece of one's own (its composer in the
  catalogue's spelling) found again by the log form's autocomplete.
- Offline: the network cut with the browser's own emulation, two logs, a reload (the service
  worker serves the app), the network back: both logs stored once.
- A conflict: another device changes a log while this one edits it offline; the conflict is
  shown with both versions and resolved by keeping this device's change.
- Two browsers, one account: a log made on one and a deletion on the other reach both.
- Basics checked without Lighthouse: no console errors while online, every control labelled, no
  layout shift on load, no sideways scrolling on a phone-sized screen; first load, time to
  interactive and bytes shipped are printed. Screenshots go to .test-output/app-*.png.
Prints "N passed, M failed"; exit 1 when anything failed.
"""
import json, os, subprocess, sys, tempfile, time, urllib.request

from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import serving  # noqa: E402
from browser import chromium  # noqa: E402
from checklist import Checklist  # noqa: E402

binary = os.path.abspath(sys.argv[1])
report = Checklist()
check = report.check
OUTPUT = os.path.join(ROOT, ".test-output")
os.makedirs(OUTPUT, exist_ok=True)
EMAIL = "pianist@example.com"
folder = tempfile.mkdtemp(prefix="mirubato-app-")
ENV = dict(os.environ, MIRUBATO_ENV="development", MIRUBATO_JWT_SECRET="app-secret-for-browser-tests-0123456789ab",
           MIRUBATO_DATA_KEY="0123456789abcdef" * 4, MIRUBATO_RATE_MAGIC_CLIENT="1000/60", MIRUBATO_RATE_MAGIC_EMAIL="1000/60",
           MIRUBATO_RATE_REQUESTS="100000/60", MIRUBATO_DB=f"{folder}/mirubato.db", MIRUBATO_KV=f"{folder}/kv.db")
subprocess.run([binary, "seed"], env=ENV, check=True, capture_output=True)
process, PORT, _ = serving.start(folder, binary, ENV)
BASE = f"http://127.0.0.1:{PORT}"


def sql(query):
    return subprocess.run(["sqlite3", ENV["MIRUBATO_DB"], query], capture_output=True, text=True, check=True).stdout.strip()


def api(token, query, variables=None):
    request = urllib.request.Request(f"{BASE}/graphql", json.dumps({"query": query, "variables": variables or {}}).encode(),
                                     {"Content-Type": "application/json", "Accept": "application/json", "Authorization": f"Bearer {token}"})
    return json.load(urllib.request.urlopen(request, timeout=30))


def browser(width=1280, height=900):
    driver = chromium(width, height)
    driver.execute_cdp_cmd("Network.enable", {})
    return driver


def wait(driver, condition, seconds=20):
    """The condition's first truthy value within `seconds`, or None. Views re-render as answers
    arrive, so an element read while it is replaced is read again."""
    try:
        return WebDriverWait(driver, seconds, ignored_exceptions=[StaleElementReferenceException]).until(lambda d: condition(d))
    except TimeoutException:
        return None


def text_of(driver, selector):
    """The text of the first element matching `selector` ("" when there is none or it was just replaced)."""
    try:
        found = driver.find_elements(By.CSS_SELECTOR, selector)
        return found[0].text if found else ""
    except StaleElementReferenceException:
        return ""


def sign_in(driver, email):
    """Asks for a link in the page, reads it from the outbox as a developer would, opens it."""
    driver.get(BASE + "/")
    wait(driver, lambda d: d.find_elements(By.ID, "email"))
    driver.find_element(By.ID, "email").send_keys(email)
    click(driver, "#request button")
    wait(driver, lambda d: "link" in text_of(d, "#status"))
    token = serving.magic_token(binary, ENV, email)
    driver.get(f"{BASE}/auth/verify?token={token}")
    return wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "mb-practice #log"))


def click(driver, selector):
    """Clicks the element once it is there (views render after their first answer)."""
    found = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, selector))
    (found or driver.find_elements(By.CSS_SELECTOR, selector) or [None])[0].click()


def go(driver, path, selector):
    driver.find_element(By.CSS_SELECTOR, f'nav a[href="{path}"]').click()
    return wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, selector))


def log_activity(driver, activity, minutes, notes=""):
    Select(driver.find_element(By.ID, "activity")).select_by_value(activity)
    field = driver.find_element(By.ID, "minutes")
    field.clear()
    field.send_keys(str(minutes))
    if notes:
        driver.find_element(By.ID, "notes").send_keys(notes)
    before = text_of(driver, "#log-status")
    driver.execute_script("document.querySelector('#log-status').textContent = ''")
    click(driver, "#log button[type=submit]")
    return wait(driver, lambda d: text_of(d, "#log-status")) or before


def offline(driver, value):
    """Cuts or restores the page's network with the browser's emulation, and waits until the page knows."""
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": value, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    wait(driver, lambda d: d.execute_script("return navigator.onLine") != value, 5)


def console_errors(driver, ignore_network=False):
    entries = driver.get_log("browser")
    return [e["message"] for e in entries if e["level"] == "SEVERE" and not (ignore_network and e.get("source") == "network")]


def unlabelled(driver):
    """Controls with no accessible name (label, aria-label, or a button's own text)."""
    return driver.execute_script("""
        return [...document.querySelectorAll('input, select, textarea, button')].filter((c) => {
          if (c.type === 'hidden' || c.closest('[hidden]')) return false;
          if (c.getAttribute('aria-label') || (c.labels && c.labels.length)) return false;
          return !(c.tagName === 'BUTTON' && c.textContent.trim());
        }).map((c) => c.outerHTML.slice(0, 80));""")


def shot(driver, name):
    driver.save_screenshot(os.path.join(OUTPUT, f"app-{name}.png"))


def user_logs():
    return sql(f"SELECT count(*) FROM practice_logs WHERE user_id = (SELECT id FROM users WHERE email = '{EMAIL}')")


drivers = []
try:
    a = browser()
    drivers.append(a)
    # ---- A full day ----
    check("the sign-in page opens and the link signs in", sign_in(a, EMAIL))
    metrics = a.execute_script("""
        const nav = performance.getEntriesByType('navigation')[0];
        const interactive = performance.getEntriesByName('mirubato:interactive')[0];
        const resources = performance.getEntriesByType('resource');
        return { load: nav.loadEventEnd, interactive: interactive ? interactive.startTime : null,
                 bytes: nav.encodedBodySize + resources.reduce((sum, r) => sum + (r.encodedBodySize || 0), 0),
                 files: resources.length + 1 };""")
    print(f"first load {metrics['load']:.0f} ms, interactive at {metrics['interactive'] or 0:.0f} ms, "
          f"{metrics['bytes']} bytes in {metrics['files']} files (uncompressed, loopback)")
    check("the app is interactive within 2 s on the loopback", metrics["interactive"] is not None and metrics["interactive"] < 2000, metrics)
    click(a, "#start")
    check("a session starts with a running timer", wait(a, lambda d: text_of(d, "#session .tag") == "Running"))
    time.sleep(2.2)
    click(a, "#pause")
    wait(a, lambda d: text_of(d, "#session .tag") == "Paused")
    paused = text_of(a, "#timer")
    time.sleep(1.5)
    check("a paused timer stands still", text_of(a, "#timer") == paused and paused not in ("", "0:00"), paused)
    a.refresh()
    wait(a, lambda d: text_of(d, "#session .tag") == "Paused")
    check("the paused timer survives a reload", text_of(a, "#timer") == paused, (paused, text_of(a, "#timer")))
    click(a, "#resume")
    check("the session resumes", wait(a, lambda d: text_of(d, "#session .tag") == "Running"), (text_of(a, "#session"), text_of(a, "#session-status")))
    for activity, minutes in [("SCALES", 10), ("ETUDES", 15), ("REPERTOIRE", 20)]:
        check(f"logging {activity.lower()} is stored", log_activity(a, activity, minutes) == "Logged.", text_of(a, "#log-status"))
    check("the three logs count in the session", wait(a, lambda d: "3 logged" in text_of(d, "#session")), text_of(a, "#session"))
    shot(a, "practice")
    click(a, "#complete")
    check("the session finishes", wait(a, lambda d: "finished" in text_of(d, "#session-status")))
    check("the achievement arrives live", wait(a, lambda d: "First session" in text_of(d, "#toast"), 15), text_of(a, "#toast"))
    check("progress shows the streak", go(a, "/progress", "#streak") and text_of(a, "#streak") == "1", text_of(a, "#streak"))
    check("progress lists the unlocked achievement", "First session" in text_of(a, ".achievements li.unlocked"))
    check("the charts are drawn", len(a.find_elements(By.CSS_SELECTOR, "svg.chart, svg.calendar")) >= 4)
    shot(a, "progress")
    check("no console errors during the day", not console_errors(a), console_errors(a))
    check("every control of the progress page is labelled", not unlabelled(a), unlabelled(a))

    # ---- The catalogue ----
    go(a, "/catalogue", "#results li")
    a.find_element(By.ID, "search").send_keys("Elise")
    click(a, "#filters button[type=submit]")
    check("the catalogue finds a piece by title", wait(a, lambda d: "Für Elise" in text_of(d, "#results")), text_of(a, "#results"))
    check("every control of the catalogue is labelled", not unlabelled(a), unlabelled(a))
    notated = sql("SELECT id FROM sheet_music WHERE notation_data IS NOT NULL AND user_id IS NULL ORDER BY title LIMIT 1")
    a.get(f"{BASE}/piece/{notated}")
    check("a piece's opening measures are drawn as notation", wait(a, lambda d: d.find_elements(By.CSS_SELECTOR, "svg.notation .head")))
    shot(a, "piece")
    # Practising the piece puts it in the repertoire (as LEARNING); its status moves on from there.
    click(a, "mb-piece a.button")
    wait(a, lambda d: d.find_elements(By.CSS_SELECTOR, "mb-practice #log"))
    title = a.find_element(By.ID, "work").get_attribute("value")
    check("practising a piece fills the log form with it", bool(title), title)
    check("the piece's log is stored", log_activity(a, "REPERTOIRE", 10) == "Logged.", text_of(a, "#log-status"))
    go(a, "/repertoire", "#entries li")
    status = wait(a, lambda d: d.find_elements(By.ID, f"status-{notated}"))
    check("the logged piece is in the repertoire as learning", status and Select(status[0]).first_selected_option.text == "Learning",
          text_of(a, "#entries"))
    if status:
        Select(status[0]).select_by_value("WORKING")
        moved = wait(a, lambda d: sql(f"SELECT status FROM repertoire WHERE sheet_music_id = '{notated}'") == "working", 20)
        check("a status move reaches the server", moved, sql(f"SELECT status FROM repertoire WHERE sheet_music_id = '{notated}'"))
        check("every control of the repertoire is labelled", not unlabelled(a), unlabelled(a))
        shot(a, "repertoire")
    go(a, "/catalogue", "#results li")
    click(a, "#random")
    check("a random piece opens", wait(a, lambda d: d.find_elements(By.CSS_SELECTOR, "mb-piece h1")))
    # A piece of one's own, its composer in the catalogue's spelling, then found by autocomplete in the log form.
    go(a, "/catalogue", "#own")
    a.find_element(By.ID, "own-name").send_keys("Estudio in E minor")
    a.find_element(By.ID, "own-composer").send_keys("tarrega")
    Select(a.find_element(By.ID, "own-instrument")).select_by_value("GUITAR")
    click(a, "#own button[type=submit]")
    check("an own piece is added with the catalogue's spelling of its composer",
          wait(a, lambda d: text_of(d, "mb-piece h1") == "Estudio in E minor" and "Francisco Tárrega" in text_of(d, "mb-piece .composer")),
          text_of(a, "mb-piece"))
    own = sql("SELECT id FROM sheet_music WHERE title = 'Estudio in E minor' AND user_id IS NOT NULL")
    go(a, "/", "#log")
    a.find_element(By.ID, "work").send_keys("estud")
    option = "Estudio in E minor — Francisco Tárrega"
    offered = wait(a, lambda d: option in [o.get_attribute("value") for o in d.find_elements(By.CSS_SELECTOR, "#work-suggestions option")])
    check("the log form suggests the own piece", offered)
    work = a.find_element(By.ID, "work")
    work.clear()
    work.send_keys(option)
    log_activity(a, "REPERTOIRE", 8)
    check("picking the suggestion links the log to the piece", wait(a, lambda d: sql(f"SELECT count(*) FROM practice_logs WHERE sheet_music_id = '{own}'") == "1", 10),
          sql(f"SELECT count(*) FROM practice_logs WHERE sheet_music_id = '{own}'"))

    # ---- Offline ----
    go(a, "/", "#log")
    before = int(user_logs())
    a.get_log("browser")
    offline(a, True)
    wait(a, lambda d: "Offline" in text_of(d, "#connection"), 5)
    statuses = [log_activity(a, "SIGHT_READING", 5, "offline one"), log_activity(a, "ARPEGGIOS", 7, "offline two")]
    check("offline logs are kept on the device", all("network is back" in s for s in statuses), statuses)
    check("the status line counts them", wait(a, lambda d: "2 waiting" in text_of(d, "#connection"), 5), text_of(a, "#connection"))
    a.refresh()
    check("the app opens offline (service worker)", wait(a, lambda d: d.find_elements(By.CSS_SELECTOR, "mb-practice #log"), 10))
    go(a, "/logbook", "#logs li")
    check("the queued logs show after the reload, marked waiting", wait(a, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".tag.pending")) == 2, 10))
    shot(a, "offline-logbook")
    check("nothing reached the server while offline", int(user_logs()) == before, user_logs())
    offline(a, False)
    check("back online the queue empties", wait(a, lambda d: not d.find_elements(By.CSS_SELECTOR, ".tag.pending") and not text_of(d, "#connection"), 30),
          text_of(a, "#connection"))
    time.sleep(1)
    check("both offline logs are stored, once each", int(user_logs()) == before + 2, (before, user_logs()))
    check("no console errors but the offline requests' own", not console_errors(a, ignore_network=True), console_errors(a, ignore_network=True))

    # ---- A conflict ----
    other_token = serving.sign_in(PORT, binary, ENV, EMAIL)
    target = api(other_token, "{ myPracticeLogs(limit: 1) { edges { node { id updatedAt } } } }")["data"]["myPracticeLogs"]["edges"][0]["node"]
    a.refresh()
    wait(a, lambda d: d.find_elements(By.CSS_SELECTOR, f'#logs li[data-id="{target["id"]}"]'))
    offline(a, True)
    wait(a, lambda d: "Offline" in text_of(d, "#connection"), 5)
    a.find_element(By.CSS_SELECTOR, f'#logs li[data-id="{target["id"]}"] button[data-action=edit]').click()
    rating = a.find_element(By.ID, f"edit-rating-{target['id']}")
    rating.clear()
    rating.send_keys("9")
    a.find_element(By.CSS_SELECTOR, f'#logs li[data-id="{target["id"]}"] form button').click()
    changed = api(other_token, "mutation($id: ID!) { updatePracticeLog(id: $id, input: {durationSeconds: 1800}) { updatedAt } }", {"id": target["id"]})
    check("the other device changes the same log", "errors" not in changed, changed)
    offline(a, False)
    check("the conflict is shown, with both versions", wait(a, lambda d: "another device" in text_of(d, "#conflicts-card"), 30), text_of(a, "#conflicts-card"))
    shot(a, "conflict")
    click(a, "#conflicts button[data-keep=mine]")
    wait(a, lambda d: not d.find_element(By.ID, "conflicts-card").is_displayed(), 20)
    time.sleep(1)
    final = sql(f"SELECT duration_seconds || ' ' || self_rating FROM practice_logs WHERE id = '{target['id']}'")
    check("keeping mine applies it on top of the other device's change", final == "1800 9", final)

    # ---- Two browsers, one account ----
    b = browser(390, 844)
    drivers.append(b)
    check("a second browser signs in to the same account", sign_in(b, EMAIL))
    go(b, "/logbook", "#logs li")
    # Its copy comes from a full sync of the change feed.
    synced = wait(b, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#logs li[data-id]")) == int(user_logs()), 20)
    check("the second browser holds the first one's logs", synced, (len(b.find_elements(By.CSS_SELECTOR, "#logs li[data-id]")), user_logs()))
    check("no sideways scrolling on a phone-sized screen", b.execute_script("return document.documentElement.scrollWidth <= window.innerWidth"))
    shot(b, "phone-logbook")
    go(a, "/", "#log")
    log_activity(a, "MEMORIZATION", 12, "from the first browser")
    b.refresh()
    check("a log made on one browser reaches the other", wait(b, lambda d: "from the first browser" in text_of(d, "#logs"), 20))
    victim = b.find_element(By.CSS_SELECTOR, "#logs li[data-id]").get_attribute("data-id")
    b.execute_script("window.confirm = () => true")
    b.find_element(By.CSS_SELECTOR, f'#logs li[data-id="{victim}"] button[data-action=delete]').click()
    wait(b, lambda d: not d.find_elements(By.CSS_SELECTOR, f'#logs li[data-id="{victim}"]'))
    go(a, "/logbook", "#logs li")
    check("a deletion on the other browser reaches the first", wait(a, lambda d: not d.find_elements(By.CSS_SELECTOR, f'#logs li[data-id="{victim}"]'), 20))
    check("both browsers end with the same logs", sorted(e.get_attribute("data-id") for e in a.find_elements(By.CSS_SELECTOR, "#logs li[data-id]"))
          == sorted(e.get_attribute("data-id") for e in b.find_elements(By.CSS_SELECTOR, "#logs li[data-id]")))

    # ---- Load basics on a fresh page ----
    a.get(BASE + "/")
    wait(a, lambda d: d.find_elements(By.CSS_SELECTOR, "mb-practice #log"))
    time.sleep(1)
    shift = a.execute_script("""
        return new Promise((resolve) => {
          let total = 0;
          new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
            .observe({ type: 'layout-shift', buffered: true });
          setTimeout(() => resolve(total), 300);
        });""")
    check("no layout shift on load (CLS < 0.1)", shift < 0.1, shift)
    check("every control of the practice page is labelled", not unlabelled(a), unlabelled(a))
    go(a, "/account", "#signout")
    click(a, "#signout")
    check("signing out returns to the sign-in page", wait(a, lambda d: d.find_elements(By.ID, "email")))
except Exception as error:  # a step that could not run: record it with what the page showed
    for index, driver in enumerate(drivers):
        shot(driver, f"failure-{index}")
    check("the browser story runs to its end", False, f"{type(error).__name__}: {str(error)[:300]}")
finally:
    for driver in drivers:
        driver.quit()
    serving.stop(process)

report.finish("practice app in a browser")
