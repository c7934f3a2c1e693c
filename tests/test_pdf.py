"""The finished PDFs, opened with pypdf: outline, tagging, metadata, contents, fonts."""

from __future__ import annotations

import re

import pytest
from helpers import (
    contents_entries,
    flatten,
    font_is_embedded,
    fonts,
    heading_tree,
    html_headings,
    normalise,
    outline_tree,
    page_texts,
    read_pdf,
    struct_elements,
)

BUILDS = ["seed_build", "full_build"]


@pytest.fixture(params=BUILDS)
def built(request):
    folder = request.getfixturevalue(request.param)
    pdf = next(folder.glob("*.pdf"))
    return pdf, (folder / "html" / "index.html").read_text("utf-8")


def _compare(headings, bookmarks, path=""):
    assert [b.title for b in bookmarks] == [h.text for h in headings], path
    for heading, bookmark in zip(headings, bookmarks, strict=True):
        _compare(heading.children, bookmark.children, f"{path}/{heading.text}")


def test_outline_matches_heading_hierarchy(built):
    pdf, html = built
    reader = read_pdf(pdf)
    expected = heading_tree(html_headings(html))
    assert len(expected) == 1 and expected[0].level == 1  # one h1, the title
    _compare(expected, outline_tree(reader))


def test_bookmarks_point_at_the_page_showing_their_heading(built):
    pdf, _ = built
    reader = read_pdf(pdf)
    texts = page_texts(reader)
    bookmarks = flatten(outline_tree(reader))
    assert len(bookmarks) > 3
    for bookmark in bookmarks:
        assert normalise(bookmark.title) in texts[bookmark.page], bookmark.title
    pages = [b.page for b in bookmarks]
    assert pages == sorted(pages), "bookmarks follow reading order"


def test_document_level_accessibility_entries(built):
    pdf, html = built
    reader = read_pdf(pdf)
    catalog = reader.trailer["/Root"]
    language = re.search(r'<html lang="([^"]+)"', html).group(1)
    assert catalog["/Lang"] == language
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 (a PDF boolean)
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert "/StructTreeRoot" in catalog
    title = re.search(r"<title>([^<]+)</title>", html).group(1)
    assert reader.metadata.title == title
    headings = [h for h in struct_elements(reader) if re.fullmatch(r"/H[1-6]", h["/S"])]
    assert len(headings) == len(html_headings(html))


def test_seed_metadata(seed_build):
    reader = read_pdf(seed_build / "digital-borough.pdf")
    meta = reader.metadata
    assert meta.title == "Towards a Digital Borough 2021-25"
    assert meta.author == "Cheshire West and Chester Council"
    assert meta.subject.startswith("The Council's digital strategy")
    assert "digital strategy" in meta["/Keywords"]


def test_every_heading_is_in_the_text(built):
    pdf, html = built
    text = normalise(" ".join(page_texts(read_pdf(pdf))))
    for _, heading in html_headings(html):
        assert heading in text


def test_contents_page_numbers_are_where_sections_start(built):
    pdf, html = built
    reader = read_pdf(pdf)
    anchors = re.findall(r'<li><a href="#([^"]+)">([^<]+)</a>', html)
    printed = contents_entries(reader, 1)
    assert [title for title, _ in printed] == [title for _, title in anchors]
    destinations = reader.named_destinations
    texts = page_texts(reader)
    for (anchor, title), (_, number) in zip(anchors, printed, strict=True):
        start = reader.get_destination_page_number(destinations[anchor])
        assert number == start + 1, title
        assert normalise(title) in texts[start]


def test_all_fonts_are_embedded(built):
    pdf, _ = built
    used = fonts(read_pdf(pdf))
    assert used
    assert all(font_is_embedded(font) for font in used), [f.get("/BaseFont") for f in used]


def test_images_carry_their_alt_text_and_decorative_ones_are_not_figures(full_build):
    reader = read_pdf(full_build / "full.pdf")
    figures = [e for e in struct_elements(reader) if e["/S"] == "/Figure"]
    alts = sorted(str(f.get("/Alt")) for f in figures)
    assert alts == sorted(
        [
            "Map of the borough with its twelve parks marked in green",
            "Children planting a tree in Riverside Park",
        ]
    )


def test_seed_icons_and_logo_are_decorative(seed_build):
    reader = read_pdf(seed_build / "digital-borough.pdf")
    assert not [e for e in struct_elements(reader) if e["/S"] == "/Figure"]


def test_table_keeps_caption_and_header_cells(full_build):
    reader = read_pdf(full_build / "full.pdf")
    kinds = [e["/S"] for e in struct_elements(reader)]
    assert "/Table" in kinds and "/Caption" in kinds
    assert kinds.count("/TH") == 11  # 3 + 6 column headers, 2 row headers


def test_page_size_a4_by_default_and_a5_on_request(full_build, project):
    from conftest import run_cli

    reader = read_pdf(full_build / "full.pdf")
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)
    root = project("full")
    result = run_cli("build", "content/full", "--paper", "a5")
    assert result.code == 0, result.err
    a5 = read_pdf(root / "build" / "full" / "full.pdf")
    width, height = (float(v) for v in a5.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (420, 595)


def test_running_header_and_page_x_of_y(seed_build):
    reader = read_pdf(seed_build / "digital-borough.pdf")
    texts = page_texts(reader)
    total = len(texts)
    assert "Page" not in texts[0] and "Towards a Digital Borough 2021-25" in texts[0]
    for number, text in enumerate(texts[1:], start=2):
        assert f"Page {number} of {total}" in text
        layout = reader.pages[number - 1].extract_text(extraction_mode="layout")
        first_line = next(line for line in layout.splitlines() if line.strip())
        assert first_line.strip() == "Towards a Digital Borough"
