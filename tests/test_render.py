"""HTML rendering: semantic structure, autoescaping, the seed's content."""

from __future__ import annotations

import itertools
import re

from helpers import html_headings


def test_html_is_semantic(full_build):
    html = (full_build / "html" / "index.html").read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB"' in html
    assert "<title>Parks and open spaces plan</title>" in html
    levels = [level for level, _ in html_headings(html)]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    assert '<nav class="contents"' in html
    assert re.search(r"<figure[^>]*>\s*<img[^>]+alt=\"Map of the borough", html)
    assert "<figcaption>The borough’s parks in 2026</figcaption>" in html
    assert "<caption>Spending by park, in pounds</caption>" in html
    assert html.count('scope="col"') == 9 and html.count('scope="row"') == 2
    assert '<meta name="dcterms.created" content="2026-03-02">' in html


def test_text_from_content_is_escaped(project):
    from conftest import run_cli

    root = project("minimal")
    yaml_path = root / "content" / "minimal" / "publication.yaml"
    text = yaml_path.read_text().replace(
        "title: Library opening hours", 'title: "Hours <script>x</script> & more"'
    )
    yaml_path.write_text(text)
    assert run_cli("build", "content/minimal", "--format", "html").code == 0
    html = (root / "build" / "minimal" / "html" / "index.html").read_text()
    assert "<script>" not in html
    assert "Hours &lt;script&gt;x&lt;/script&gt; &amp; more" in html


def test_seed_transcribes_the_source(seed_build):
    html = (seed_build / "html" / "index.html").read_text("utf-8")
    headings = [text for _, text in html_headings(html)]
    assert headings[0] == "Towards a Digital Borough 2021-25"
    areas = ["Communities", "Customers", "Commerce", "Connectivity", "Co-production", "Care",
             "Capabilities"]  # fmt: skip
    assert headings[headings.index("Vision") + 1 :][:7] == areas
    principles = [h for h in headings if re.match(r"\d+ ", h)]
    assert len(principles) == 10 and principles[3] == "4 Digitally included"
    life = headings[headings.index("Bringing the vision to life") + 1 :]
    parts = ["Local Action", "Working with Partners and Government",
             "How residents can play their part"]  # fmt: skip
    assert life == [h for area in areas for h in [area, *parts]]
    # The source repeats one climate text under all seven areas; kept as it is.
    assert html.count("Purchase renewable electricity for the Council") == 7
