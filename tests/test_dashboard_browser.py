"""The dashboard in a real headless Chromium (Debian's), driven by Playwright: every page, a filter, a click
on a node, an upload — and a screenshot of each page in out/screenshots/."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

pytest.importorskip("dash")
playwright = pytest.importorskip("playwright.sync_api")

from plnetwork.demo import write_demo  # noqa: E402
from plnetwork.store import Store  # noqa: E402

from dashboard import create_app  # noqa: E402
from dashboard.demo import load_demo  # noqa: E402

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SHOTS = Path(__file__).resolve().parent.parent / "out" / "screenshots"
PAGES = {"overview": "/", "school": "/school/choose", "people": "/people", "teams": "/teams", "change": "/change",
         "questions": "/questions", "upload": "/upload"}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    from werkzeug.serving import make_server

    data_dir = tmp_path_factory.mktemp("browser")
    store = Store(data_dir=data_dir)
    load_demo(store, staff=150, schools=2, seed=11)
    app = create_app(store=store, data_dir=data_dir, demo=True)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    store.close()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make browser)")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    yield page
    context.close()


def settle(page):
    """Wait until Dash has no callback in flight (the renderer marks the document while loading)."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function("!document.querySelector('[data-dash-is-loading=\"true\"]')")


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_loads_without_console_errors(page, base_url, name):
    page.goto(base_url + PAGES[name])
    page.wait_for_selector("main h1")
    if name not in ("upload",):
        page.wait_for_selector(".reading-dependable, .reading-indicative, .reading-low")
    settle(page)
    if name == "questions":
        page.frame_locator(".report-frame").locator("body h1, body h2").first.wait_for(timeout=60_000)
    shoot(page, name)
    assert page.problems == []
    assert page.locator("h1").first.is_visible()
    assert "This analysis is for designing support" in page.inner_text("footer")


def choose(page, dropdown_id, text):
    page.click(f"#{dropdown_id}")
    page.click(f".dash-dropdown-option:has-text('{text}')")


def test_a_filter_changes_the_figures(page, base_url):
    page.goto(base_url + "/")
    page.wait_for_selector("#overview-flows-figure .sankey")
    settle(page)
    before = page.inner_text("#overview-body")
    choose(page, "app-relation", "advice")
    page.wait_for_function("(b) => document.querySelector('#overview-body').innerText !== b", arg=before)
    settle(page)
    assert page.inner_text("#overview-body") != before
    assert page.problems == []


def test_a_click_on_a_node_opens_the_persons_card(page, base_url):
    page.goto(base_url + "/school/choose")
    page.wait_for_selector("#school-network .scatterlayer .points path")
    settle(page)
    page.locator("#school-network .scatterlayer .points path").nth(3).click(force=True)
    page.wait_for_selector("#school-card .person-card")
    card = page.inner_text("#school-card")
    assert "Why flagged" in card and "Named by" in card
    shoot(page, "school-card")
    assert page.problems == []


def test_an_upload_shows_its_issues_and_saves_a_wave_that_appears_in_the_overview(page, base_url, tmp_path):
    files = write_demo(tmp_path, staff=60, schools=1, seed=21, waves=1, formats=("google_forms",))
    page.goto(base_url + "/upload")
    page.wait_for_selector("#upload-export")
    page.set_input_files("#upload-export input[type=file]", str(files["wave1_google_forms"]))
    page.set_input_files("#upload-roster input[type=file]", str(files["roster"]))
    page.wait_for_selector("#upload-found:not([hidden])", timeout=60_000)
    settle(page)
    found = page.inner_text("#upload-found")
    assert "google_forms" in found and "Issues" in found
    assert page.locator("#upload-issues .dash-spreadsheet-container").count() == 1
    shoot(page, "upload-found")
    page.fill("#upload-label", "Browser upload")
    page.click("#upload-save")
    page.wait_for_selector("#upload-saved .ok-box", timeout=60_000)
    page.click("text=See it in the overview")
    page.wait_for_selector("#overview-body >> text=Browser upload", timeout=60_000)
    settle(page)
    shoot(page, "overview-after-upload")
    assert page.problems == []
