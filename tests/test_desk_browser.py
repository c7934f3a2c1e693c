"""The desk in a real browser: Debian's Chromium driven by Playwright, with axe-core
checking every state of every page, the keyboard alone making a large-print edition,
and the page at 200% zoom. Screenshots go to the test's folder for a person to look at."""

from __future__ import annotations

import os

import pytest
from desk_helpers import MEETING, serve
from pypdf import PdfReader

playwright = pytest.importorskip("playwright.sync_api")
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--disable-background-networking", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-extensions", "--disable-sync"]  # fmt: skip
if os.geteuid() == 0:
    CHROMIUM_ARGS.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
SHOTS = os.environ.get("DESK_SCREENSHOTS")  # a folder to keep screenshots in, if set


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium package is not installed")
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, desk):
    context = browser.new_context(base_url=desk.url, accept_downloads=True,
                                  viewport={"width": 1024, "height": 800})  # fmt: skip
    opened = context.new_page()
    problems: list[str] = []
    opened.on("console", lambda message: _keep_error(message, problems))
    opened.on("pageerror", lambda error: problems.append(str(error)))
    yield opened
    context.close()
    assert not problems, problems  # no script errors, no refusals by the security policy


def _keep_error(message, problems: list[str]) -> None:
    """Script errors and refusals by the security policy; not the 403 or 404 a page was
    asked to show."""
    expected = "Failed to load resource: the server responded with a status of 4"
    if message.type == "error" and not message.text.startswith(expected):
        problems.append(message.text)


AXE = axe_module.Axe()


def assert_accessible(page, state: str) -> None:
    """axe-core finds nothing on the page as it is now (WCAG 2.2 A and AA, best practice)."""
    results = AXE.run(page)
    assert results.violations_count == 0, f"{state}:\n{results.generate_report()}"
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{state}.png"), full_page=True)


def test_every_page_state_passes_axe(page, desk, browser):
    page.goto("/")
    assert_accessible(page, "list")
    page.get_by_label("Search by title").fill("zebra")
    page.get_by_role("button", name="Search").click()
    assert_accessible(page, "search-nothing-found")
    page.goto(f"/meetings/{MEETING}")
    assert_accessible(page, "meeting-form")
    page.goto("/clerk")
    page.get_by_label("Clerk password").fill("not it")
    page.get_by_role("button", name="Sign in").click()
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page, "clerk-sign-in-wrong")
    page.goto("/publications/nothing-here")
    assert_accessible(page, "not-found")
    waiting = serve(desk.desk.project, desk.desk.cache.root, workers=0)  # every worker busy
    try:
        other = browser.new_page(base_url=waiting.url)
        other.goto("/publications/minimal")
        other.get_by_label("Large print").check()
        other.get_by_label("Reader’s size, in points").fill("40")
        other.get_by_role("button", name="Make it").click()
        assert other.get_by_role("status").inner_text() == "Waiting to start."
        assert_accessible(other, "job-waiting")
        other.close()
    finally:
        waiting.stop()


def test_a_mistake_is_summarised_then_shown_at_its_field(page):
    page.goto("/publications/digital-borough")
    assert_accessible(page, "publication-form")
    page.get_by_label("Large print").check()
    page.get_by_label("Reader’s size, in points").fill("12")
    page.get_by_role("button", name="Make it").click()
    assert page.title().startswith("Error: ")
    summary = page.locator(".error-summary")
    assert summary.evaluate("element => element === document.activeElement")
    assert "12 point is not large print" in summary.inner_text()
    assert page.locator("#size-error").inner_text().startswith("Error:")  # words, not colour
    assert page.get_by_label("Reader’s size, in points").get_attribute("aria-invalid") == "true"
    assert_accessible(page, "publication-form-error")
    summary.get_by_role("link").click()
    assert page.url.endswith("#size-field")


def test_keyboard_alone_makes_a_large_print_edition_and_downloads_it(page, tmp_path):
    page.goto("/publications/digital-borough")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    order = []
    for _ in range(9):
        page.keyboard.press("Tab")
        order.append(page.evaluate(_FOCUSED))
    assert order[:7] == ["Publication desk", "Clerk sign-in", "Publications and meetings",
                         "offer-standard", "size", "paper-A4", "Make it"]  # fmt: skip
    page.locator("#offer-standard").focus()
    page.keyboard.press("ArrowDown")  # arrows move between the choices of a radio group
    assert page.locator("#offer-large-print").is_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("20")
    preview = page.locator("[data-preview-text]")
    assert preview.inner_text() == "This line is 20 point."
    assert preview.evaluate("e => getComputedStyle(e).fontSize") == "26.6667px"  # 20 pt
    page.keyboard.press("Enter")
    heading = page.locator("#result-heading")
    heading.wait_for(timeout=120_000)
    assert heading.evaluate("element => element === document.activeElement")  # told it is ready
    assert_accessible(page, "job-done")
    link = page.get_by_role("link", name="Download digital-borough-large-print-20pt.pdf")
    link.focus()
    with page.expect_download() as arriving:
        page.keyboard.press("Enter")
    saved = tmp_path / arriving.value.suggested_filename
    arriving.value.save_as(saved)
    reader = PdfReader(saved)
    assert saved.name == "digital-borough-large-print-20pt.pdf" and len(reader.pages) > 20
    assert "Large print edition, 20 point" in reader.pages[0].extract_text()


_FOCUSED = """() => { const e = document.activeElement;
  return e.id && e.tagName === 'INPUT' ? e.id : e.textContent.trim(); }"""


def test_the_page_reflows_at_200_percent_zoom_and_on_a_narrow_screen(browser, desk):
    for width, name in ((640, "zoom-200"), (320, "reflow-320")):
        context = browser.new_context(base_url=desk.url, viewport={"width": width, "height": 900})
        narrow = context.new_page()
        for path in ("/", "/publications/digital-borough"):
            narrow.goto(path)
            overflow = narrow.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} scrolls sideways at {width} px"
        assert_accessible(narrow, f"publication-form-{name}")
        context.close()


def test_a_failed_build_page_lists_its_problems_accessibly(page, desk):
    folder = desk.desk.content / "broken"
    folder.mkdir()
    (folder / "publication.yaml").write_text(
        "title: Broken example\norganisation: Example Borough Council\nlanguage: en-GB\n"
        "sections:\n  - title: One\n    file: missing.md\n"
    )
    page.goto("/publications/broken")
    page.get_by_role("button", name="Make it").click()
    page.locator(".error-summary").wait_for(timeout=60_000)
    assert "could not be made" in page.locator("h1").inner_text()
    assert "content/broken/publication.yaml, line 6" in page.locator(".problems").inner_text()
    assert_accessible(page, "job-failed")
