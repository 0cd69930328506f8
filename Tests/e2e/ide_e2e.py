#!/usr/bin/env python3
"""The IDE in a real headless browser: Debian's chromium and chromium-driver, driven by Selenium.

Usage: PYTHON-WITH-selenium ide_e2e.py PATH/TO/mirubato
Serves in development, opens http://…/graphql in chromium (a browser's Accept asks for HTML),
requires GraphiQL to load with no console errors, types a query into its editor, runs it and
requires the answer in the result pane; keeps a screenshot in .test-output/ide.png. Then checks
that production serves no IDE unless MIRUBATO_IDE=on. Prints "N passed, M failed"; exit status 1
when anything failed.
"""
import os, re, subprocess, sys, tempfile, time, urllib.error, urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

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
SECRETS = dict(MIRUBATO_JWT_SECRET="ide-secret-for-browser-tests-0123456789ab", MIRUBATO_DATA_KEY="0123456789abcdef" * 4)


def serve(environment):
    folder = tempfile.mkdtemp(prefix="mirubato-ide-")
    subprocess.run([binary, "seed", "--db", f"{folder}/mirubato.db", "--kv", f"{folder}/kv.db"],
                   env=dict(os.environ, **SECRETS, MIRUBATO_ENV="test"), check=True, capture_output=True)
    return serving.start(folder, binary, dict(os.environ, **SECRETS, **environment))


def browser_get(port):
    """What a browser's GET of /graphql is answered: (status, content type)."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers.get("content-type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("content-type", "")


process, port, _ = serve({"MIRUBATO_ENV": "development"})
try:
    driver = chromium()
    try:
        driver.get(f"http://127.0.0.1:{port}/graphql")
        wait = WebDriverWait(driver, 30)
        editor = wait.until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".graphiql-query-editor .CodeMirror")))
        check("GraphiQL loads at /graphql", editor is not None)
        # Type a query of our own into the editor and run it with the run button.
        driver.execute_script("arguments[0].CodeMirror.setValue('');", editor)
        editor.click()
        area = driver.switch_to.active_element
        area.send_keys("{ listSheetMusic(filter: {instrument: GUITAR}, limit: 2) { totalCount } ")
        driver.find_element(By.CSS_SELECTOR, ".graphiql-execute-button").click()
        wait.until(lambda d: "totalCount" in d.find_element(By.CSS_SELECTOR, ".graphiql-response").text)
        answer = driver.find_element(By.CSS_SELECTOR, ".graphiql-response").text
        check("a typed query runs and its answer shows", re.search(r'"totalCount": \d+', answer) is not None, answer[:300])
        time.sleep(1)
        driver.save_screenshot(os.path.join(OUTPUT, "ide.png"))
        check("a screenshot is kept", os.path.getsize(os.path.join(OUTPUT, "ide.png")) > 10_000)
        errors = [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]
        check("no console errors", not errors, errors[:3])
    finally:
        driver.quit()
finally:
    serving.stop(process)

for environment, shown in [({"MIRUBATO_ENV": "production"}, False), ({"MIRUBATO_ENV": "production", "MIRUBATO_IDE": "on"}, True)]:
    process, port, _ = serve(environment)
    try:
        status, content_type = browser_get(port)
        label = "production with MIRUBATO_IDE=on" if shown else "production"
        check(f"{label}: {'the IDE' if shown else 'no IDE'} for a browser", (status == 200 and "text/html" in content_type) == shown,
              f"{status} {content_type}")
    finally:
        serving.stop(process)

report.finish("IDE in a browser")
