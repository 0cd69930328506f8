#!/usr/bin/env python3
"""Recording yourself in the practice app, in a real browser: Debian's chromium with its fake
microphone (a beep; --use-fake-device-for-media-stream, --use-fake-ui-for-media-stream grants it),
against nginx + the API started here, on SQLite files or, under scripts/backends.py, PostgreSQL + Redis.

Usage: PYTHON-WITH-selenium recordings_app_e2e.py PATH/TO/mirubato
- Record from the practice form: the level meter moves, Stop gives a player, the take is saved
  with the log and uploaded; the API has it as WebM of about the recorded length; the logbook
  plays it from its signed link, which answers a byte range, and at half speed.
- Offline: a take saved with a log waits on the device (it plays from there, marked waiting),
  survives a reload, and uploads when the network is back.
- A phone's m4a added to a log from the logbook; a video refused, shown as not saved.
- A take of a piece listed on the piece's page; the export from Settings, a zip with the audio
  that Python's zipfile reads, imported back adding nothing new.
- Deleting a recording from the logbook; phone and desktop screenshots of both views
  (.test-output/recordings-*.png); no console errors, every control labelled and large enough.
Prints "N passed, M failed"; exit 1 when anything failed.
"""
import json, os, subprocess, sys, tempfile, time, urllib.parse, urllib.request, uuid, zipfile

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import serving  # noqa: E402
from browser import accessibility, chromium, click, sign_in_by_link, text_of, unlabelled, wait  # noqa: E402
from checklist import Checklist  # noqa: E402

binary = os.path.abspath(sys.argv[1])
report = Checklist()
check = report.check
OUTPUT = os.path.join(ROOT, ".test-output")
os.makedirs(OUTPUT, exist_ok=True)
# On SQLite files, or on PostgreSQL + Redis under scripts/backends.py.
folder = tempfile.mkdtemp(prefix="mirubato-rec-app-")
database, kv = serving.stores(folder, "recordings_app_" + uuid.uuid4().hex[:8])
ENV = dict(os.environ, MIRUBATO_ENV="development", MIRUBATO_JWT_SECRET="recordings-app-secret-for-browser-tests-0123456789",
           MIRUBATO_DATA_KEY="0123456789abcdef" * 4, MIRUBATO_DB=database, MIRUBATO_KV=kv)
subprocess.run([binary, "seed"], env=ENV, check=True, capture_output=True)
process, PORT, ENV = serving.start(folder, binary, ENV, database=database, kv=kv)
BASE = f"http://127.0.0.1:{PORT}"
MICROPHONE = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--autoplay-policy=no-user-gesture-required"]


def go(driver, path, selector):
    links = driver.find_elements(By.CSS_SELECTOR, f'nav a[href="{path}"], header a[href="{path}"]')
    if links:
        links[0].click()
    else:
        driver.get(BASE + path)
    return wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, selector))


def record(driver, seconds):
    """Records `seconds` from the practice form; answers the highest level the meter showed."""
    click(driver, "#rec-start")
    wait(driver, lambda d: d.find_elements(By.ID, "rec-level"))
    peak, end = 0.0, time.time() + seconds
    while time.time() < end:
        peak = max(peak, float(driver.execute_script("return document.querySelector('#rec-level')?.value ?? 0")))
        time.sleep(0.1)
    click(driver, "#rec-stop")
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "mb-recorder audio"))
    return peak


def save_log(driver, minutes):
    field = driver.find_element(By.ID, "minutes")
    field.clear()
    field.send_keys(str(minutes))
    driver.execute_script("document.querySelector('#log-status').textContent = ''")
    click(driver, "#log button[type=submit]")
    return wait(driver, lambda d: text_of(d, "#log-status"))


def offline(driver, value):
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": value, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})


def recordings(access):
    request = urllib.request.Request(f"{BASE}/graphql", json.dumps({"query": "{ myPracticeLogs(limit: 10) { edges { node { id durationSeconds recordings { id format durationSeconds byteSize } } } } }"}).encode(),
                                     {"Content-Type": "application/json", "Accept": "application/json", "Authorization": f"Bearer {access}"})
    edges = json.load(urllib.request.urlopen(request, timeout=30))["data"]["myPracticeLogs"]["edges"]
    return {edge["node"]["durationSeconds"]: edge["node"]["recordings"] for edge in edges}


driver = None
try:
    for width, height, label in [(1280, 900, "desktop"), (390, 844, "phone")]:
        driver = chromium(width, height, MICROPHONE)
        driver.execute_cdp_cmd("Network.enable", {})
        email = f"{label}@example.com"
        check(f"{label}: signed in", sign_in_by_link(driver, BASE, binary, ENV, email))
        go(driver, "/practice", "mb-recorder #rec-start")
        check(f"{label}: the practice form offers to record", "Record yourself" in text_of(driver, "mb-recorder"))
        peak = record(driver, 3)
        check(f"{label}: the level meter shows the microphone", peak > 0.01, f"peak {peak}")
        check(f"{label}: after Stop, a player and the take's length", "0:0" in text_of(driver, "mb-recorder .meta"), text_of(driver, "mb-recorder"))
        driver.save_screenshot(os.path.join(OUTPUT, f"recordings-{label}-take.png"))
        check(f"{label}: the form with a take has no serious accessibility violation (axe-core)", not accessibility(driver), accessibility(driver))
        check(f"{label}: every control of the form is labelled", not unlabelled(driver), str(unlabelled(driver)))
        # Leaving before saving loses nothing: the take is there on return, and after a reload.
        go(driver, "/logbook", "#logs")
        go(driver, "/practice", "mb-recorder")
        check(f"{label}: an unsaved take survives leaving the page", wait(driver, lambda d: "kept from before" in text_of(d, "mb-recorder")), text_of(driver, "mb-recorder"))
        driver.refresh()
        check(f"{label}: and a reload", wait(driver, lambda d: "kept from before" in text_of(d, "mb-recorder")), text_of(driver, "mb-recorder"))
        status = save_log(driver, 7)
        check(f"{label}: the log saves with its take", status in ("Logged.", "Saved on this device; it will be sent when the network is back."), status)
        check(f"{label}: the recorder is ready for the next take", wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#rec-start")))
        access = None
        deadline = time.time() + 20
        stored = {}
        tokens = None
        while time.time() < deadline:
            tokens = driver.execute_script("return Object.fromEntries(Object.entries(localStorage))")
            access = next((json.loads(v).get("accessToken") for v in tokens.values() if v.startswith("{") and "accessToken" in v), None)
            stored = recordings(access) if access else {}
            if stored.get(420):
                break
            time.sleep(0.5)
        take = (stored.get(420) or [{}])[0]
        check(f"{label}: the API keeps it as Chrome's WebM of the recorded length",
              take.get("format") == "WEBM" and 2.0 <= take.get("durationSeconds", 0) <= 4.5, str(stored)[:300])
        go(driver, "/logbook", "ul.recordings audio")
        src = driver.execute_script("return document.querySelector('ul.recordings audio')?.getAttribute('src')")
        check(f"{label}: the logbook plays it from its signed link", (src or "").startswith("/recordings/") and "signature=" in src, str(src))
        answer = driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            fetch(arguments[0], { headers: { Range: 'bytes=0-99' } }).then(async (r) => done([r.status, (await r.arrayBuffer()).byteLength, r.headers.get('content-type')]))
              .catch((e) => done(String(e)));""", src) if src else None
        check(f"{label}: the link answers a byte range", answer == [206, 100, "audio/webm"], str(answer))
        played = driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            const audio = document.querySelector('ul.recordings audio');
            audio.muted = true;
            audio.play().then(() => setTimeout(() => { done(audio.currentTime); audio.pause(); }, 1200)).catch((e) => done(String(e)));""")
        check(f"{label}: it plays", isinstance(played, (int, float)) and played > 0.3, str(played))
        Select(driver.find_element(By.CSS_SELECTOR, "ul.recordings select.speed")).select_by_value("0.5")
        rate = driver.execute_script("return document.querySelector('ul.recordings audio').playbackRate")
        check(f"{label}: it plays at half speed to listen closely", rate == 0.5, str(rate))
        driver.save_screenshot(os.path.join(OUTPUT, f"recordings-{label}-logbook.png"))
        check(f"{label}: the logbook with recordings has no serious accessibility violation", not accessibility(driver), accessibility(driver))

        # Offline: the take waits on the device, plays from there, survives a reload, then uploads.
        go(driver, "/practice", "mb-recorder #rec-start")
        record(driver, 2)
        offline(driver, True)
        status = save_log(driver, 9)
        check(f"{label}: offline, the log and take are kept on the device", "sent when the network is back" in status, status)
        go(driver, "/logbook", "ul.recordings")
        waiting = wait(driver, lambda d: "waiting to upload" in text_of(d, "ul.logs"))
        check(f"{label}: the waiting take is shown as waiting", waiting)
        local = driver.execute_script("return [...document.querySelectorAll('ul.recordings audio')].map((a) => a.getAttribute('src'))")
        check(f"{label}: it plays from the device meanwhile", any((s or "").startswith("blob:") for s in local), str(local))
        driver.save_screenshot(os.path.join(OUTPUT, f"recordings-{label}-waiting.png"))
        driver.refresh()
        check(f"{label}: after a reload it still waits", wait(driver, lambda d: "waiting to upload" in text_of(d, "ul.logs")))
        offline(driver, False)
        driver.execute_script("window.dispatchEvent(new Event('online'))")
        uploaded = wait(driver, lambda d: "waiting to upload" not in text_of(d, "ul.logs") and recordings(access).get(540), 30)
        check(f"{label}: back online, it uploads", uploaded, str(recordings(access).get(540)))

        # Deleting one from the logbook.
        before = sum(len(r) for r in recordings(access).values())
        driver.execute_script("window.confirm = () => true")
        click(driver, "ul.recordings button[data-recording]")
        gone = wait(driver, lambda d: sum(len(r) for r in recordings(access).values()) == before - 1, 20)
        check(f"{label}: a recording is deleted from the logbook", gone, str(recordings(access)))
        # A take of a piece is on the piece's page.
        request = urllib.request.Request(f"{BASE}/graphql", json.dumps({"query": "{ listSheetMusic(limit: 1) { edges { node { id title } } } }"}).encode(),
                                         {"Content-Type": "application/json", "Accept": "application/json"})
        piece = json.load(urllib.request.urlopen(request, timeout=30))["data"]["listSheetMusic"]["edges"][0]["node"]
        driver.get(f"{BASE}/practice?piece={piece['id']}&title={urllib.parse.quote(piece['title'])}")
        wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "mb-recorder #rec-start"))
        # Saved while still recording: the take is stopped and goes with this log.
        click(driver, "#rec-start")
        wait(driver, lambda d: d.find_elements(By.ID, "rec-level"))
        time.sleep(2)
        save_log(driver, 11)
        check(f"{label}: saving while recording keeps the take with that log", wait(driver, lambda d: recordings(access).get(660), 20), str(recordings(access)))
        driver.get(f"{BASE}/piece/{piece['id']}")
        listed = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#takes li audio"))
        check(f"{label}: the piece's page lists its recording", listed and "0:0" in text_of(driver, "#takes"), text_of(driver, "mb-piece")[:300])
        driver.save_screenshot(os.path.join(OUTPUT, f"recordings-{label}-piece.png"))
        check(f"{label}: the piece's page with recordings has no serious accessibility violation", not accessibility(driver), accessibility(driver))
        if label == "desktop":
            # A recording made elsewhere is added to a log from the logbook; a video is refused, and says so.
            go(driver, "/logbook", "input[data-attach]")
            before = sum(len(r) for r in recordings(access).values())
            fixtures = os.path.join(ROOT, "Tests/MirubatoTests/Fixtures/audio")
            driver.find_elements(By.CSS_SELECTOR, "input[data-attach]")[0].send_keys(os.path.join(fixtures, "take.m4a"))
            added = wait(driver, lambda d: sum(len(r) for r in recordings(access).values()) == before + 1, 20)
            formats = [r["format"] for takes in recordings(access).values() for r in takes]
            check(f"{label}: a phone's m4a is added to a log from the logbook", added and "MP4" in formats, str(formats))
            driver.find_elements(By.CSS_SELECTOR, "input[data-attach]")[0].send_keys(os.path.join(fixtures, "video.webm"))
            refused = wait(driver, lambda d: "Not saved" in text_of(d, "#conflicts"), 20)
            check(f"{label}: a video is refused where the musician sees it", refused and "not a recording" in text_of(driver, "#conflicts"), text_of(driver, "#conflicts"))
            driver.save_screenshot(os.path.join(OUTPUT, f"recordings-{label}-refused.png"))
            click(driver, "#conflicts button")
            # The export from Settings is a zip with the audio; importing it back adds nothing new.
            downloads = os.path.join(OUTPUT, "recordings-downloads")
            os.makedirs(downloads, exist_ok=True)
            for name in os.listdir(downloads):
                os.remove(os.path.join(downloads, name))
            driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
            go(driver, "/settings", "#export")
            click(driver, "#export")
            said = wait(driver, lambda d: "Exported" in text_of(d, "#status") and text_of(d, "#status"))
            check(f"{label}: the export says it holds the recordings", said and "3 recordings" in said, str(said))
            archive = wait(driver, lambda d: [n for n in os.listdir(downloads) if n.endswith(".zip")], 20)
            names = zipfile.ZipFile(os.path.join(downloads, archive[0])).namelist() if archive else []
            check(f"{label}: the downloaded zip opens with Python's zipfile and holds the document and 3 recordings",
                  "mirubato-export.json" in names and len([n for n in names if n.startswith("recordings/")]) == 3, str(names))
            if archive:
                driver.find_element(By.ID, "import-file").send_keys(os.path.join(downloads, archive[0]))
                said = wait(driver, lambda d: "Imported" in text_of(d, "#status") and text_of(d, "#status"))
                check(f"{label}: importing it back adds nothing new", said and "already here" in said, str(said))
        go(driver, "/logbook", "ul.recordings audio")
        small = driver.execute_script("""return [...document.querySelectorAll('ul.recordings button, ul.recordings audio, ul.recordings select')]
            .filter((c) => { const r = c.getBoundingClientRect(); return r.width && (r.width < 44 || r.height < 44); }).map((c) => c.outerHTML.slice(0, 80))""")
        check(f"{label}: its controls are at least 44 px", not small, str(small))
        overflow = driver.execute_script("return document.documentElement.scrollWidth > window.innerWidth")
        check(f"{label}: no sideways scrolling", not overflow)
        errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE" and "Failed to load resource" not in entry["message"]]
        check(f"{label}: no console errors", not errors, str(errors)[:400])
        driver.quit()
        driver = None
finally:
    if driver:
        driver.quit()
    serving.stop(process)

report.finish("recordings in the app")
