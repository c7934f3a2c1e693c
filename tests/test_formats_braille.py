"""Braille through liblouis, read back: page geometry, page numbers, headings, and
back-translation of what was translated."""

from __future__ import annotations

import re

from helpers import read_pdf

from publication.formats.braille import CELLS, LINES, braille_number, render_braille
from publication.formats.louis import back_translate, translate
from publication.formats.plain import Heading, Paragraph

# The seed's first paragraph: capitals, numbers, a comma, a full stop.
VISION = (
    "By 2025, technology underpins public services, communities and the local economy, "
    "leading to better outcomes for local residents and businesses. The borough will have "
    "secured fundamental improvements across the following areas."
)


def _pages(path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.endswith(b"\r\n\f")
    return [page.split("\r\n")[:-1] for page in data.decode("ascii").split("\f")[:-1]]


def _plain(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def test_a_paragraph_translated_forward_and_back_reads_the_same():
    brf = render_braille([Paragraph(VISION)])
    body = [line for line in brf.split("\r\n")[1:] if line.strip() and line != "\f"]
    assert len(body) > 3 and all(len(line) <= CELLS for line in body)
    assert body[0].startswith("  ,BY #BJBE1")  # cell 3, capital, numeric indicator
    assert _plain(back_translate(" ".join(line.strip() for line in body))) == _plain(VISION)
    assert translate("The") == ",!"  # grade 2: the contraction for "the"


def test_every_page_is_40_cells_by_25_lines_with_its_numbers(seed_build):
    pages = _pages(seed_build / "digital-borough.brf")
    assert len(pages) > 20
    print_pages = len(read_pdf(seed_build / "digital-borough.pdf").pages)
    seen = []
    for number, page in enumerate(pages, 1):
        assert len(page) <= LINES
        assert all(len(line) <= CELLS and re.fullmatch(r"[ -_]*", line) for line in page)
        header = page[0]
        assert len(header) == CELLS and header.endswith(" " + braille_number(number))
        seen.append(header.split()[0])
        assert page[1].strip(), "no blank line at the top of a page"
    numbers = [int(n[1:].translate(str.maketrans("ABCDEFGHIJ", "1234567890"))) for n in seen]
    assert numbers == sorted(numbers) and numbers[0] == 1 and numbers[-1] <= print_pages


def test_print_page_indicators_follow_the_print_edition(seed_build):
    lines = [line for page in _pages(seed_build / "digital-borough.brf") for line in page]
    indicators = [line.strip() for line in lines if line.strip().startswith('"3#')]
    headers = {page[0].split()[0] for page in _pages(seed_build / "digital-borough.brf")}
    shown = {indicator[2:] for indicator in indicators} | headers
    assert shown == {braille_number(n) for n in range(1, 15)}  # all 14 printed pages
    assert all(line == line.strip().center(CELLS).rstrip() for line in lines
               if line.strip().startswith('"3#'))  # fmt: skip


def test_headings_are_centred_or_in_cell_5_and_never_last_on_a_page(full_build):
    pages = _pages(full_build / "full.brf")
    lines = [line for page in pages for line in page[1:]]
    priorities = translate("Our priorities")
    assert f"{' ' * ((CELLS - len(priorities)) // 2)}{priorities}" in lines
    assert "    " + translate("Spending") in lines  # level 3: cell 5
    assert "      " + translate("How we decide") in lines  # level 4: cell 7
    for page in pages:
        last = page[-1]
        assert last not in (f"{' ' * ((CELLS - len(priorities)) // 2)}{priorities}",)
    rendered = render_braille([Paragraph("x")] * 22 + [Heading(3, "Spending"), Paragraph("y")])
    first, second = rendered.split("\f")[:2]
    assert translate("Spending") not in first and translate("Spending") in second


def test_tables_are_read_a_row_at_a_time(full_build):
    text = " ".join(line.strip() for page in _pages(full_build / "full.brf") for line in page[1:])
    row = translate("Park: Riverside; 2025: 12,000; 2026: 14,500")
    assert row in text
    assert _plain(back_translate(row)) == _plain("Park: Riverside; 2025: 12,000; 2026: 14,500")
