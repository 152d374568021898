"""The report in a real headless Chromium: it renders, the charts draw, no errors, nothing leaves file://."""

import shutil
from pathlib import Path

import pytest

import plnetwork
from plnetwork.demo import write_demo
from plnetwork.report import write_report

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parents[1] / "out" / "screenshots"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser")
    paths = write_demo(root / "demo", staff=200, schools=3, seed=11, waves=1, formats=("wide",))
    data = plnetwork.load([paths["wave1_wide"]], roster=paths["roster"])
    return write_report(data, data.analyze(), root / "report.html")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian's chromium is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def test_report_renders_offline_with_charts_and_no_errors(report, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors, requests = [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(report.as_uri(), wait_until="load")
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length > 0")
    charts = page.locator(".js-plotly-plot").count()
    assert charts == 4 + 3                      # four district charts, a network per school
    assert page.locator(".js-plotly-plot .main-svg").count() >= charts
    assert page.locator(".js-plotly-plot .sankey").count() == 1
    assert page.locator("section.school").count() == 3
    assert "not for evaluating individual staff" in page.inner_text("header")
    assert page.locator(".response .rate").first.inner_text().endswith("%")
    assert not errors, errors
    assert not [url for url in requests if not url.startswith(("file://", "data:", "blob:"))], requests
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "report.png"), full_page=True)
    page.close()


def test_network_hover_shows_escaped_text(report, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(report.as_uri(), wait_until="load")
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length > 0")
    links = page.evaluate("document.querySelectorAll('.js-plotly-plot a').length")
    assert links == 0   # no hover text or label became a link
    page.close()


def test_pdf_prints_with_headless_chromium(report, tmp_path):
    from plnetwork.report import print_pdf

    if not shutil.which(CHROMIUM):
        pytest.skip("Debian's chromium is not installed")
    pdf = print_pdf(report, tmp_path / "report.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page") + data.count(b"/Type/Page") >= 5
