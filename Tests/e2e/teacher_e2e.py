#!/usr/bin/env python3
"""Teacher mode in a real browser, with two browser profiles: a student on a phone-sized screen
and a teacher on a desktop one, against the real nginx + API started here (issue 29).

Usage: PYTHON-WITH-selenium teacher_e2e.py PATH/TO/mirubato
- The student logs practice (with a note), then on Teaching invites a teacher with the default
  scopes: the code is shown once.
- The teacher accepts the code; Teaching lists the student with streak and minutes; the student's
  page shows the week's log without its note (not shared), the teacher comments on it and
  assigns an item; the student's Today shows the item "From" the teacher and the logbook the
  comment, with a reply that reaches the teacher's page.
- The student shares notes: the teacher sees the note. The student declines the assignment:
  the teacher sees it declined. The student stops sharing: the teacher's page says so at once.
- An invite link from the mail (/teaching?code=…) opened signed out asks to sign in, then opens
  the accept form filled in.
- No console errors, every control labelled, no sideways scrolling on the phone.
Screenshots go to .test-output/teacher-*.png. Prints "N passed, M failed"; exit 1 when anything failed.
"""
import base64, os, sys, time

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import serving  # noqa: E402
from browser import chromium, unlabelled, wait  # noqa: E402
from checklist import Checklist  # noqa: E402

binary = os.path.abspath(sys.argv[1])
report = Checklist()
check = report.check
OUTPUT = os.path.join(ROOT, ".test-output")
os.makedirs(OUTPUT, exist_ok=True)
process, PORT, ENV = serving.seeded_app(binary, "mirubato-teacher-", MIRUBATO_RATE_MAGIC_CLIENT="1000/60", MIRUBATO_RATE_MAGIC_EMAIL="1000/60")
BASE = f"http://127.0.0.1:{PORT}"


def text_of(driver, selector):
    try:
        return " ".join(element.text for element in driver.find_elements(By.CSS_SELECTOR, selector))
    except StaleElementReferenceException:
        return ""


def click(driver, selector):
    """Clicks the element once it is there, scrolled clear of the phone's tab bar."""
    found = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, selector))
    press(driver, (found or driver.find_elements(By.CSS_SELECTOR, selector) or [None])[0])


def press(driver, element):
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def go(driver, path, selector):
    driver.execute_script("history.pushState(null, '', arguments[0]); window.dispatchEvent(new Event('mirubato:navigate'))", path)
    return wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, selector))


def sign_in(driver, email):
    driver.get(BASE + "/")
    wait(driver, lambda d: d.find_elements(By.ID, "email"))
    driver.find_element(By.ID, "email").send_keys(email)
    click(driver, "#request button")
    wait(driver, lambda d: "link" in text_of(d, "#status"))
    driver.get(f"{BASE}/auth/verify?token={serving.magic_token(binary, ENV, email)}")
    return wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "mb-today #ring svg"))


def shot(driver, name):
    """The whole page, not only what the window shows."""
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    picture = driver.execute_cdp_cmd("Page.captureScreenshot", {"captureBeyondViewport": True, "clip": {
        "x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 6000), "scale": 1}})
    with open(os.path.join(OUTPUT, f"teacher-{name}.png"), "wb") as file:
        file.write(base64.b64decode(picture["data"]))


def sideways(driver):
    return driver.execute_script("return document.documentElement.scrollWidth > window.innerWidth + 1")


def severe(driver):
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


drivers = []
try:
    student = chromium(390, 844)
    teacher = chromium(1280, 900)
    drivers += [student, teacher]
    for driver in drivers:
        driver.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": "Europe/Vienna"})
    check("the student signs in", sign_in(student, "student@example.com"))

    # The student practises: a log with a note, through the logbook's own form on Practice.
    go(student, "/practice", "#activity")
    Select(student.find_element(By.ID, "activity")).select_by_value("SCALES")
    minutes = student.find_element(By.ID, "minutes")
    minutes.clear()
    minutes.send_keys("20")
    student.execute_script("document.querySelector('#details').open = true")
    student.find_element(By.ID, "notes").send_keys("Left hand still uneven in B major")
    click(student, "#log button[type=submit]")
    check("the log is saved", wait(student, lambda d: text_of(d, "#log-status")), text_of(student, "#log-status"))

    # The student invites a teacher by code.
    go(student, "/teaching", "#invite")
    check("Teaching says no teacher follows yet", wait(student, lambda d: "No teacher follows" in text_of(d, "#teachers")))
    checked = [box.get_attribute("value") for box in student.find_elements(By.CSS_SELECTOR, "input[name=scope]") if box.is_selected()]
    check("the invite form starts on logs, progress and repertoire", checked == ["LOGS", "PROGRESS", "REPERTOIRE"], checked)
    click(student, "#invite button[type=submit]")
    code = (wait(student, lambda d: text_of(d, "#invite-code")) or "").strip()
    check("the code is shown once, XXXXX-XXXXX", len(code) == 11 and code[5] == "-", code)
    shot(student, "student-invite-phone")
    check("no sideways scrolling on the student's phone (Teaching)", not sideways(student))
    check("every control of Teaching is labelled", not unlabelled(student), unlabelled(student))

    # The teacher, not signed in yet, opens the link the mail would carry: signing in returns to it.
    teacher.get(f"{BASE}/teaching?code={code.replace('-', '')}")
    check("signed out, the link asks to sign in first", wait(teacher, lambda d: d.find_elements(By.ID, "email")))
    teacher.find_element(By.ID, "email").send_keys("teacher@example.com")
    click(teacher, "#request button")
    wait(teacher, lambda d: "link" in text_of(d, "#status"))
    teacher.get(f"{BASE}/auth/verify?token={serving.magic_token(binary, ENV, 'teacher@example.com')}")
    check("after signing in, the mail's link opens the accept form filled in", wait(teacher, lambda d: d.find_element(By.ID, "code-top").get_attribute("value") == code.replace("-", "")))
    click(teacher, "#accept-top button")
    check("accepted: the student is named", wait(teacher, lambda d: "You now follow" in text_of(d, "#accept-top-status")), text_of(teacher, "#accept-top-status"))
    check("Teaching lists the student with this week", wait(teacher, lambda d: "20 min this week" in text_of(d, "#students")), text_of(teacher, "#students"))
    shot(teacher, "teacher-students")
    check("the header now links to the students", wait(teacher, lambda d: d.find_element(By.ID, "students-link").is_displayed()))
    check("a student has no such link", not student.find_element(By.ID, "students-link").is_displayed())
    click(teacher, "#students a")
    check("the student's page shows the week's log", wait(teacher, lambda d: "Scales" in text_of(d, "#logs")), text_of(teacher, "#logs"))
    check("the note is not shown (notes not shared)", "uneven" not in text_of(teacher, "#logs"))
    check("the summary shows the streak and minutes", "20 min" in text_of(teacher, "#summary"), text_of(teacher, "#summary"))

    # The teacher comments and assigns.
    box = teacher.find_element(By.CSS_SELECTOR, "#logs form[data-comment] textarea")
    box.send_keys("Try the B major scale hands separately first, slowly.")
    press(teacher, teacher.find_element(By.CSS_SELECTOR, "#logs form[data-comment] button"))
    check("the comment shows in the thread", wait(teacher, lambda d: "hands separately" in text_of(d, "#logs ol.thread > li p")))
    teacher.find_element(By.ID, "what").send_keys("B major scale, hands separately")
    minutes = teacher.find_element(By.ID, "minutes")
    minutes.clear()
    minutes.send_keys("10")
    click(teacher, "#assign button[type=submit]")
    check("assigned: the item is in the week grid", wait(teacher, lambda d: "B major scale" in text_of(d, "#grid")), text_of(teacher, "#assign-status"))
    check("the grid has a row with a cell for each day of the week", len(teacher.find_elements(By.CSS_SELECTOR, "#grid tbody tr td")) == 7,
          teacher.find_element(By.ID, "grid").get_attribute("innerHTML")[:200])
    check("today's cell is due", "○" in text_of(teacher, "#grid td"))
    shot(teacher, "teacher-student-week")
    check("every control of the student page is labelled", not unlabelled(teacher), unlabelled(teacher))

    # The student sees the assignment on Today and the comment in the logbook, and replies.
    go(student, "/", "mb-today #plan-items")
    check("Today shows the assigned item from the teacher", wait(student, lambda d: "B major scale" in text_of(d, "#plan-items") and "From teacher@example.com" in text_of(d, "#plan-items")),
          text_of(student, "#plan-items"))
    shot(student, "student-today-assigned")
    go(student, "/logbook", "#logs")
    check("the logbook shows the teacher's comment", wait(student, lambda d: "hands separately" in text_of(d, "#logs")), text_of(student, "#logs"))
    reply = student.find_element(By.CSS_SELECTOR, "form.reply textarea")
    reply.send_keys("Will do, thanks!")
    press(student, student.find_element(By.CSS_SELECTOR, "form.reply button"))
    check("the reply shows in the thread, under the teacher's comment",
          wait(student, lambda d: [e.text.split("\n")[-1] for e in d.find_elements(By.CSS_SELECTOR, "ol.thread > li")] == [
              "Try the B major scale hands separately first, slowly.", "Will do, thanks!"]), text_of(student, "ol.thread"))
    shot(student, "student-logbook-thread")
    check("no sideways scrolling on the student's phone (logbook)", not sideways(student))
    teacher.refresh()
    check("the reply reaches the teacher", wait(teacher, lambda d: "Will do, thanks!" in text_of(d, "#logs")), text_of(teacher, "#logs"))

    # Sharing notes, declining, stopping.
    go(student, "/teaching", "#teachers li[data-id]")
    wait(student, lambda d: d.find_elements(By.CSS_SELECTOR, "#teachers [data-scope=LOG_NOTES]"))
    press(student, student.find_element(By.CSS_SELECTOR, "#teachers [data-scope=LOG_NOTES]"))
    check("sharing notes is confirmed", wait(student, lambda d: "notes on logs" in text_of(d, "#teachers-status")), text_of(student, "#teachers-status"))
    teacher.refresh()
    check("the teacher sees the note at once", wait(teacher, lambda d: "uneven" in text_of(d, "#logs")), text_of(teacher, "#logs"))
    go(student, "/", "mb-today #plan-items")
    wait(student, lambda d: d.find_elements(By.CSS_SELECTOR, "#plan-items [data-action=decline]"))
    press(student, student.find_element(By.CSS_SELECTOR, "#plan-items [data-action=decline]"))
    student.switch_to.alert.accept()
    check("the declined item leaves Today", wait(student, lambda d: "B major scale" not in text_of(d, "#plan-items")), text_of(student, "#plan-items"))
    time.sleep(1)
    teacher.refresh()
    check("the teacher sees it declined", wait(teacher, lambda d: "Declined" in text_of(d, "#assignments")), text_of(teacher, "#assignments"))
    go(student, "/teaching", "#teachers [data-end]")
    press(student, student.find_element(By.CSS_SELECTOR, "#teachers [data-end]"))
    student.switch_to.alert.accept()
    check("stopped: the student's list is empty", wait(student, lambda d: "No teacher follows" in text_of(d, "#teachers")))
    teacher.refresh()
    check("the teacher's page says the student no longer shares", wait(teacher, lambda d: "No student with this id" in text_of(d, "#logs")), text_of(teacher, "#logs"))
    press(teacher, teacher.find_element(By.ID, "students-link"))
    check("the teacher's list of students is gone", wait(teacher, lambda d: d.find_element(By.ID, "students-card").get_attribute("hidden") is not None))
    check("and so is the header's link to it", wait(teacher, lambda d: not d.find_element(By.ID, "students-link").is_displayed()))
    for name, driver in [("student", student), ("teacher", teacher)]:
        errors = [m for m in severe(driver) if "favicon" not in m]
        check(f"no console errors ({name})", not errors, errors[:3])
except Exception as error:
    for index, driver in enumerate(drivers):
        shot(driver, f"failure-{index}")
    check("the teacher story runs to its end", False, f"{type(error).__name__}: {str(error)[:300]}")
finally:
    for driver in drivers:
        driver.quit()
    serving.stop(process)

report.finish("teacher mode in a browser")
