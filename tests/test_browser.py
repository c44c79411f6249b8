"""A real browser (Debian's headless Chromium, driven by Selenium) on the race page of the demo store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from moneytrail.web.app import create_app

OUT = Path(__file__).resolve().parents[1] / "test-output"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def server(demo_db, loopback):
    with loopback(create_app(demo_db)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM and DRIVER):
        pytest.skip("headless Chromium and chromedriver are not installed (./run test installs them with apt)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1200,2000"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


def test_race_page_charts_render_and_figures_lead_to_rows(server, browser):
    from selenium.webdriver.common.by import By

    OUT.mkdir(exist_ok=True)
    browser.get(f"{server}/race/CA-34/2024")
    assert "CA-34" in browser.title
    charts = browser.find_elements(By.CSS_SELECTOR, "figure svg[role=img]")
    assert len(charts) >= 3
    for svg in charts:  # every chart has marks and a visible size
        marks = svg.find_elements(By.CSS_SELECTOR, "g.mark-rect path, path")
        assert marks and svg.size["width"] > 100 and svg.size["height"] > 40
    browser.save_screenshot(str(OUT / "race-CA-34-2024.png"))
    link = browser.find_element(By.CSS_SELECTOR, 'a[href*="/rows/race/CA-34/2024?path=independent_expenditures.0"]')
    amount = link.text
    link.click()
    assert "/rows/race/CA-34/2024" in browser.current_url
    rows = browser.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    assert rows, "the rows page lists the source rows"
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "main table thead th")]
    assert "exp_amo" in headers and "source_file" in headers
    assert amount.startswith("$")
    browser.save_screenshot(str(OUT / "rows-CA-34-2024.png"))
    browser.set_window_size(390, 844)  # a phone
    browser.get(f"{server}/race/CA-34/2024")
    width = browser.execute_script("return document.body.scrollWidth")
    viewport = browser.execute_script("return window.innerWidth")
    assert width <= viewport, "the page fits a phone's width (tables scroll inside their own box)"
    form = browser.find_element(By.CSS_SELECTOR, "header form button")
    assert form.location["x"] + form.size["width"] <= viewport, "the search button is on screen"
    browser.save_screenshot(str(OUT / "race-phone.png"))
