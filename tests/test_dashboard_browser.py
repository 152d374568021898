"""The dashboard in a real headless Chromium (Debian's), driven by Playwright: every page, a filter, a click
on a node, an upload, the keyboard, a laptop's and a projector's screen — and a screenshot of each page in
out/screenshots/ (scroll bars drawn, as a reader sees them)."""

from __future__ import annotations

import shutil
import threading
import time
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
        # headless Chromium hides scroll bars unless told not to; a reader's browser shows them
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, ignore_default_args=["--hide-scrollbars"])
        yield browser
        browser.close()


SCREENS = {"desktop": {"viewport": {"width": 1440, "height": 900}},
           "laptop": {"viewport": {"width": 1366, "height": 768}},
           # a 1920 x 1080 projector with the system's 125% scaling: 1536 x 864 CSS pixels, and larger text
           "projector": {"viewport": {"width": 1536, "height": 864}, "device_scale_factor": 1.25}}


def open_page(browser, screen="desktop"):
    context = browser.new_context(**SCREENS[screen])
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    return context, page


@pytest.fixture
def page(browser):
    context, page = open_page(browser)
    yield page
    context.close()


def wait_until(page, predicate: str, arg=None, timeout: float = 20.0):
    """Poll ``predicate`` (a JS function of ``arg``) until true. Not ``page.wait_for_function``: Playwright
    runs that predicate through ``eval``, which the app's Content-Security-Policy rightly forbids."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(predicate, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {predicate}")
        page.wait_for_timeout(50)


def settle(page):
    """Wait until Dash has no callback in flight (the renderer marks the document while loading)."""
    page.wait_for_load_state("networkidle")
    wait_until(page, "() => !document.querySelector('[data-dash-is-loading=\"true\"]')")


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
    wait_until(page, "(b) => document.querySelector('#overview-body').innerText !== b", arg=before)
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


def overflowing_tables(page) -> list[str]:
    """Tables beside a chart or in a grid whose columns do not all fit (the CSV has every column; the ones
    shown must fit — a wider table would scroll, with its scroll bar drawn, but should not need to)."""
    return page.evaluate("""[...document.querySelectorAll(
            '.pair-table .dash-spreadsheet-container, .table-grid .dash-spreadsheet-container')]
        .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.closest('.dash-table-container').id)""")


@pytest.mark.parametrize("screen", ["laptop", "projector"])
def test_tables_beside_charts_fit_on_a_laptop_and_a_projector(browser, base_url, screen):
    context, page = open_page(browser, screen)
    for name in ("overview", "teams", "change", "school"):
        page.goto(base_url + PAGES[name])
        page.wait_for_selector(".pair-table .dash-spreadsheet-container, .table-grid .dash-spreadsheet-container")
        settle(page)
        if screen == "projector":          # and the reader's larger text setting (the page honours it)
            page.add_style_tag(content=":root { font-size: 125% !important; }")
            page.wait_for_timeout(300)
        if name == "overview":
            shoot(page, f"{name}-{screen}")
        assert overflowing_tables(page) == [], f"{name} at {screen} size"
    assert page.problems == []
    context.close()


def test_the_keyboard_reaches_links_filters_and_sort_buttons_with_a_visible_focus_ring(page, base_url):
    page.goto(base_url + "/people")
    page.wait_for_selector("#people-table .column-header--sort[tabindex='0']")
    settle(page)
    reached = []
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("""(() => { const e = document.activeElement, s = getComputedStyle(e);
            return {id: e.id, cls: String(e.className), label: e.getAttribute('aria-label') || e.innerText || '',
                    ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2}; })()"""))
    ids = [r["id"] for r in reached]
    assert "app-nav-0" in ids and "app-nav-2" in ids and "people-search" in ids and "people-csv" in ids
    sorts = [r for r in reached if "column-header--sort" in r["cls"]]
    assert sorts and sorts[0]["label"].startswith("Sort by")
    assert all(r["ring"] for r in reached if r["id"].startswith("app-nav") or r in sorts)
    first = page.inner_text("#people-table tbody tr:nth-child(3)")
    page.focus("#people-table th[data-dash-column='in_degree'] .column-header--sort")
    page.keyboard.press("Enter")
    wait_until(page, "(f) => document.querySelector('#people-table tbody tr:nth-child(3)').innerText !== f",
                           arg=first)
    assert page.problems == []


def test_the_people_table_is_paged_on_the_server(page, base_url):
    page.goto(base_url + "/people")
    page.wait_for_selector("#people-table tbody tr td")
    settle(page)
    total = int(page.inner_text("#people-count").split(" of ")[1].split()[0].replace(",", ""))
    assert total > 25 and page.locator("#people-table tbody tr:has(td)").count() == 25
    first = page.inner_text("#people-table tbody")
    page.click("#people-table button.next-page")
    wait_until(page, "(f) => document.querySelector('#people-table tbody').innerText !== f", arg=first)
    page.fill("#people-search", "a")
    page.keyboard.press("Enter")
    wait_until(page, "(t) => !document.querySelector('#people-count').innerText.startsWith(t + ' of')",
                           arg=f"{total:,}")
    settle(page)
    shoot(page, "people-searched")
    assert page.problems == []
