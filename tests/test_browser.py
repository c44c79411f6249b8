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
    assert "Expenditure amount" in headers and "Source file" in headers  # column names in words
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


AXE = Path(__file__).resolve().parents[1] / "build" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
DEMO_PAGES = {  # name -> path on the demo store
    "home": "/", "race": "/race/CA-34/2024", "candidate": "/candidate/H4CA90004/2024",
    "committee": "/committee/C82400042/2024", "network": "/network/seaglass/2024", "check": "/check",
}


@pytest.fixture(scope="module")
def filing_server(tmp_path_factory, fec_dir, loopback):
    """A small real store: an F3N and the F3A that amends it (467627 -> 767339)."""
    from moneytrail.trail import Trail

    db = tmp_path_factory.mktemp("filings") / "filings.duckdb"
    with Trail(db) as t:
        t.ingest([fec_dir / "fech/spec/data/467627.fec", fec_dir / "fech/spec/data/767339.fec"])
    with loopback(create_app(db)) as url:
        yield url


def _axe_violations(browser) -> list[dict]:
    """axe-core's serious and critical violations on the page the browser shows."""
    if not AXE.is_file():
        pytest.skip(f"axe-core not installed at {AXE} (./run test installs it with npm)")
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    browser.set_script_timeout(60)
    found = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => ("
        "{id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));")
    return [v for v in found if v["impact"] in ("serious", "critical")]


def _fits(browser) -> bool:
    return browser.execute_script("return document.body.scrollWidth") <= browser.execute_script(
        "return window.innerWidth")


@pytest.mark.parametrize("name", list(DEMO_PAGES))
def test_demo_pages_have_no_serious_accessibility_violations(server, browser, name):
    browser.set_window_size(1200, 2000)
    browser.get(server + DEMO_PAGES[name])
    assert "Error" not in browser.title
    bad = _axe_violations(browser)
    assert not bad, f"{DEMO_PAGES[name]}: {bad}"


def test_filing_page_accessible_and_links_to_the_fec(filing_server, browser):
    from selenium.webdriver.common.by import By

    browser.set_window_size(1200, 2000)
    browser.get(f"{filing_server}/filing/767339")
    hrefs = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "main a")]
    assert "https://docquery.fec.gov/dcdev/posted/767339.fec" in hrefs
    assert "https://docquery.fec.gov/cgi-bin/forms/C00441451/767339/" in hrefs
    assert f"{filing_server}/filing/467627" in hrefs  # the chain links to the original
    bad = _axe_violations(browser)
    assert not bad, bad
    browser.get(f"{filing_server}/filing/767339/rows/filing_sa?sort=amount&desc=true")
    assert browser.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    assert not _axe_violations(browser)


def test_screenshots_desktop_and_phone(server, filing_server, browser):
    """Race, network, candidate and filing pages at desktop and phone width, kept in test-output/."""
    OUT.mkdir(exist_ok=True)
    pages = {"race": server + DEMO_PAGES["race"], "network": server + DEMO_PAGES["network"],
             "candidate": server + DEMO_PAGES["candidate"], "filing": f"{filing_server}/filing/767339"}
    for width, height, label in ((1200, 1800, "desktop"), (390, 844, "phone")):
        for name, url in pages.items():
            browser.set_window_size(width, height)
            browser.get(url)
            assert _fits(browser), f"{name} is wider than a {label} screen"
            full = browser.execute_script("return document.documentElement.scrollHeight")
            browser.set_window_size(width, min(full + 140, 9000))  # the whole page, as a reader scrolls it
            path = OUT / f"{name}-{label}.png"
            browser.save_screenshot(str(path))
            assert path.stat().st_size > 5_000


def test_api_docs_load_from_the_package_not_a_cdn(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.set_window_size(1200, 2000)
    browser.get(f"{server}/docs")
    WebDriverWait(browser, 30).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".swagger-ui .opblock"))
    assert len(browser.find_elements(By.CSS_SELECTOR, ".swagger-ui .opblock")) >= 10
    loaded = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert loaded and all(u.startswith(server) for u in loaded), [u for u in loaded if not u.startswith(server)]
