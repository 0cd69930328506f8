"""The browser the page tests drive: Debian's chromium, headless, through chromium-driver."""
import shutil

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def chromium(width=1400, height=900, arguments=()):
    """A headless chromium of that window size, keeping every console message for the test;
    `arguments` are more command-line switches (a fake microphone)."""
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}", *arguments]:
        options.add_argument(argument)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    if width < 600:
        # A window is never narrower than 500 px, even headless: a phone's viewport is emulated.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})
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


def click(driver, selector):
    """Clicks the element once it is there, scrolled to the middle of the window (clear of a
    phone's tab bar)."""
    found = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, selector))
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", found[0])
    found[0].click()


def sign_in_by_link(driver, base, binary, env, email):
    """Asks for a sign-in link in the page, reads it from the outbox as a developer would
    (`serving.magic_token`), opens it; answers Today's ring once it is drawn."""
    import serving
    driver.get(base + "/")
    wait(driver, lambda d: d.find_elements(By.ID, "email"))
    driver.find_element(By.ID, "email").send_keys(email)
    click(driver, "#request button")
    wait(driver, lambda d: "link" in text_of(d, "#status"))
    driver.get(f"{base}/auth/verify?token={serving.magic_token(binary, env, email)}")
    return wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "mb-today #ring svg"))


def accessibility(driver):
    """axe-core's (Deque's rule set, from PyPI's selenium-axe-python) serious and critical
    violations on the page as shown: WCAG 2.1 A and AA, with best practices."""
    import os
    import selenium_axe_python
    with open(os.path.join(os.path.dirname(selenium_axe_python.__file__), "axe-core", "axe.min.js")) as source:
        driver.execute_script(source.read())
    return driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
          .then((r) => done(r.violations.filter((v) => ['serious', 'critical'].includes(v.impact))
            .map((v) => `${v.id}: ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`)))
          .catch((e) => done([`axe failed: ${e}`]));""")


def unlabelled(driver):
    """Controls with no accessible name (label, aria-label, or a button's own text)."""
    return driver.execute_script("""
        return [...document.querySelectorAll('input, select, textarea, button')].filter((c) => {
          if (c.type === 'hidden' || c.closest('[hidden]')) return false;
          if (c.getAttribute('aria-label') || (c.labels && c.labels.length)) return false;
          return !(c.tagName === 'BUTTON' && c.textContent.trim());
        }).map((c) => c.outerHTML.slice(0, 80));""")
