"""The browser the page tests drive: Debian's chromium, headless, through chromium-driver."""
import shutil

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def chromium(width=1400, height=900):
    """A headless chromium of that window size, keeping every console message for the test."""
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}"]:
        options.add_argument(argument)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    if width < 600:
        # A window is never narrower than 500 px, even headless: a phone's viewport is emulated.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})
    return driver
