"""The web version in a real browser: Debian's Chromium through Playwright, served
over HTTP, checked with axe-core (as packaged by axe-playwright-python) as a reader
would meet it: at normal size, at 400% zoom and in dark mode."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from lxml import html as lxml_html

# 400% zoom of a 1280-pixel-wide window is 320 CSS pixels: what WCAG's reflow
# criterion (1.4.10) asks to work without scrolling sideways.
VIEWS = {
    "normal": {"viewport": {"width": 1280, "height": 900}},
    "zoom-400": {"viewport": {"width": 320, "height": 225}},
    "dark": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "dark"},
}


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, started once for these tests, headless and off the network;
    stopped after them, so no other test finds its processes."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-default-apps",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def web_server(seed_build, full_build):
    """A real HTTP server on the loopback address, serving both web versions:
    ``/seed/`` and ``/full/``."""
    import functools
    import http.server
    import threading

    root = seed_build.parent.parent / "served"
    root.mkdir(exist_ok=True)
    for name, build in (("seed", seed_build), ("full", full_build)):
        (root / name).symlink_to(build / "html")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def open_page(browser, web_server, tmp_path):
    contexts = []

    def open_(name: str, view: str):
        context = browser.new_context(**VIEWS[view])
        contexts.append(context)
        page = context.new_page()
        failed: list[str] = []
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
        page.goto(f"{web_server}/{name}/index.html")
        page.wait_for_load_state("load")
        page.screenshot(path=tmp_path / f"{name}-{view}.png")
        return page, failed

    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("name", ["full", "seed"])
def test_axe_finds_no_violations_and_nothing_fails_to_load(open_page, name, view):
    page, failed = open_page(name, view)
    results = Axe().run(page)
    problems = [
        f"{violation['id']}: {violation['help']} {[n['target'] for n in violation['nodes']]}"
        for violation in results.response["violations"]
    ]
    assert problems == []
    assert failed == []
    assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    width = VIEWS[view]["viewport"]["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "no sideways scroll"


def test_dark_mode_turns_the_page_dark(open_page):
    page, _ = open_page("full", "dark")
    background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    colour = page.evaluate("getComputedStyle(document.body).color")
    assert _brightness(background) < 40 and _brightness(colour) > 200


def _brightness(css: str) -> float:
    red, green, blue = (int(n) for n in re.findall(r"\d+", css)[:3])
    return (red + green + blue) / 3


def test_the_skip_link_comes_first_and_leads_to_the_content(open_page):
    page, _ = open_page("full", "normal")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    assert page.evaluate("document.activeElement.getBoundingClientRect().top") >= 0, "visible"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_footnotes_lead_there_and_back(open_page):
    page, _ = open_page("full", "normal")
    page.click("sup.footnote-ref a")
    assert page.evaluate("location.hash") == "#fn-t0-1"
    page.click("#fn-t0-1 .footnote-backref")
    assert page.evaluate("location.hash") == "#fnref-t0-1"


def test_the_folder_is_publishable_as_it_is(full_build):
    folder = full_build / "html"
    text = (folder / "index.html").read_text("utf-8")
    document = lxml_html.fromstring(text)
    assert "<script" not in text.lower() and "file:" not in text
    assert [link.get("href") for link in document.iter("link")] == ["style.css"]
    ids = {element.get("id") for element in document.iter() if element.get("id")}
    for element in document.iter("a", "img", "link"):
        target = element.get("href") or element.get("src")
        parts = urlsplit(target)
        if parts.scheme in ("https", "http", "mailto", "tel"):
            continue
        assert not parts.scheme and not target.startswith("/"), target
        if target.startswith("#"):
            assert target[1:] in ids, target
        else:
            assert (folder / parts.path).is_file(), target
    for style in re.findall(r"url\('([^']+)'\)", text):
        assert (folder / style).is_file()
    assert sorted(p.name for p in (folder / "images").iterdir()) == [
        "divider.png", "icon.svg", "logo.svg", "map.png", "planting.png",
    ]  # fmt: skip


def test_tables_and_figures_are_marked_up_for_reading(full_build):
    document = lxml_html.fromstring((full_build / "html" / "index.html").read_text("utf-8"))
    tables = document.findall(".//table")
    assert len(tables) == 2 and all(t.find("caption") is not None for t in tables)
    assert all(th.get("scope") in ("col", "row") for th in document.iter("th"))
    figure = document.find(".//figure/img")
    assert figure.get("alt").startswith("Map of the borough")
    assert document.get("lang") == "en-GB"
