"""Nothing leaves the page: content built to overflow, at every edition and both paper
sizes, measured from the PDFs by poppler (independently of our own check)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import run_cli
from helpers import page_texts, read_pdf
from pikepdf import Array, Dictionary, Name
from PIL import Image
from weasyprint import HTML

from publication.check import PartCheck, check_pdf
from publication.check.content import PageScan
from publication.check.overflow import Overflow, font_widths
from publication.packs.cache import Cache
from publication.typeset import html as html_module

LONG_WORD = "LlanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogochbranchlibraryPRD00042"
COLUMNS = ["Ward", *[f"Month{n}" for n in range(1, 13)]]
OVERFLOWING = f"""\
title: A long title for a publication whose cover must still fit on one page
label: Exampleton Libraries
subtitle: Opening hours, events and how to reach every library in the borough
organisation: Exampleton Borough Council
language: en-GB
date: 2026-03-02
version: "2"
alternative_formats: This is available in large print, Braille and audio.
logo: {{image: logo.png, alt: Exampleton Libraries}}
form: booklet
sections:
  - title: Tables
    blocks:
      - table:
          caption: Thirteen columns
          rows:
            - [{", ".join(COLUMNS)}]
            - [Riverside, {", ".join(str(1200 + 100 * n) for n in range(12))}]
      - table:
          caption: Seven columns
          rows:
            - [Library, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday]
            - [Northgate, 9am to 5pm, 9am to 5pm, Closed, 9am to 7pm, 9am to 5pm, 10am to 1pm]
  - title: Words
    file: words.md
"""
WORDS = f"""\
The branch code {LONG_WORD} is printed on every card.

See [the list of every library and mobile library stop](https://www.exampleton.example/libraries/opening-hours/all-branches-and-mobile-library-stops-2026).

![A tall picture of the library entrance](tall.png)
"""
EDITIONS = {  # name: (command-line options, file name, left and right margins in mm)
    "A4": ((), "overflow.pdf", 20),
    "A5": (("--paper", "A5"), "overflow.pdf", 14),
    "18": (("--edition", "large-print", "--size", "18"), "overflow-large-print-18pt.pdf", 20),
    "24": (("--edition", "large-print", "--size", "24"), "overflow-large-print-24pt.pdf", 20),
}


@pytest.fixture(scope="module")
def overflow_project(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("overflow") / "overflow"
    folder.mkdir()
    (folder / "publication.yaml").write_text(OVERFLOWING, "utf-8")
    (folder / "words.md").write_text(WORDS, "utf-8")
    Image.new("RGB", (1600, 2600), (40, 90, 140)).save(folder / "tall.png")
    Image.new("RGB", (400, 700), (20, 120, 90)).save(folder / "logo.png")
    return folder


@pytest.fixture(scope="module")
def overflow_builds(overflow_project) -> dict[str, Path]:
    built = {}
    for name, (options, file_name, _) in EDITIONS.items():
        out = overflow_project.parent / f"build-{name}"
        result = run_cli("build", str(overflow_project), *options, "--out", str(out))
        assert result.code == 0, result.err
        built[name] = out / "overflow" / file_name
    return built


def _word_boxes(pdf: Path) -> list[tuple[int, float, float, float, float, float, str]]:
    """(page, page width, xMin, yMin, xMax, yMax, word) of every word, read by poppler."""
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = []
    root = ElementTree.fromstring(xml.replace('xmlns="http://www.w3.org/1999/xhtml"', ""))
    for number, page in enumerate(root.iter("page"), 1):
        width = float(page.get("width"))
        for word in page.iter("word"):
            box = [float(word.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")]
            words.append((number, width, *box, word.text or ""))
    return words


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_word_stays_inside_the_margins(overflow_builds, edition):
    pdf = overflow_builds[edition]
    margin = EDITIONS[edition][2] * 72 / 25.4
    for page, width, x0, _, x1, _, word in _word_boxes(pdf):
        assert x0 >= margin - 1.5, (page, word)
        assert x1 <= width - margin + 1.5, (page, word, x1 - (width - margin))
    assert not check_pdf(pdf, 12).errors


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_cover_is_one_page(overflow_builds, edition):
    texts = page_texts(read_pdf(overflow_builds[edition]))
    assert "version 2" in texts[0]  # the date line, last but one on the cover
    assert "available in large print, Braille and audio" in texts[0]
    if edition in ("18", "24"):
        assert f"Large print edition, {edition} point" in texts[0]
    assert "Contents" in texts[1]  # the cover did not run onto a second page


def test_wide_tables_stack_and_addresses_keep_their_start(overflow_builds):
    a5 = " ".join(page_texts(read_pdf(overflow_builds["A5"])))
    assert "Month12: 2300" in a5  # thirteen columns: stacked, nothing lost
    assert "Saturday: 10am to 1pm" in a5  # seven columns on A5: stacked too
    a4 = " ".join(page_texts(read_pdf(overflow_builds["A4"])))
    assert "Saturday: 10am to 1pm" not in a4  # seven columns fit A4 as a table
    for text in (a4, a5):
        assert "(www.exampleton.example/" in text and "https" not in text


def _words_page(pdf: Path) -> int:
    return next(n for n, text in enumerate(page_texts(read_pdf(pdf))) if "branch code" in text)


@pytest.mark.parametrize("edition", ["A5", "24"])
def test_images_are_printed_within_the_text_block(overflow_builds, edition):
    """The 1600 x 2600 pixel picture, as poppler reads it: no taller than the text block."""
    listing = subprocess.run(
        ["pdfimages", "-list", str(overflow_builds[edition])],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()[2:]  # fmt: skip
    tall = [line.split() for line in listing if " 1600 " in f" {line} "]
    assert tall
    height_mm = int(tall[0][4]) / float(tall[0][13]) * 25.4  # pixels / pixels per inch
    width_mm = int(tall[0][3]) / float(tall[0][12]) * 25.4
    text_height = 170 if edition == "A5" else 247
    assert height_mm <= text_height * 0.5 and width_mm <= 170


def test_a_table_forced_wide_fails_the_build_at_its_line(overflow_project, monkeypatch):
    """Were the layout ever to let a table run off the page, the build stops at its line."""
    monkeypatch.setattr(html_module, "table_form", lambda table, size, paper: "full")
    out, cache = overflow_project.parent / "forced", overflow_project.parent / "forced-cache"
    # A cache of its own: the layout is changed here, not the content the cache goes by.
    result = run_cli("build", str(overflow_project), "--paper", "A5", "--out", str(out),
                     "--cache", str(cache))  # fmt: skip
    assert result.code == 1
    assert "publication.yaml:15:" in result.err  # the thirteen-column table
    assert "[pdf-ua-overflow]" in result.err and "past the right edge" in result.err
    assert not out.exists()


def test_check_reports_what_runs_off_anyones_paper(tmp_path):
    """A PDF made elsewhere, with no text block declared: measured against the paper."""
    cells = "".join(f"<td>Column{n}value</td>" for n in range(14))
    pdf = tmp_path / "wide.pdf"
    page = f"<html lang=en><title>Wide</title><table><tr>{cells}</tr></table><p>Fine</p>"
    HTML(string=page).write_pdf(pdf, pdf_variant="pdf/ua-1")
    result = run_cli("check", str(pdf))
    assert result.code == 1
    assert "page 1: Span: error: text (and 8 more) runs" in result.out
    assert "past the right edge of the paper [overflow]" in result.out


def test_a_packs_cache_keeps_what_overflows(tmp_path):
    """A pack's documents are checked once and cached: the overflows go with them."""
    scan = PageScan(0, (), (), (3,), overflows=(Overflow(3, -1, "text", "right", 9.5),))
    check = PartCheck((scan,), (), ())
    cache = Cache(tmp_path)
    cache.put_check("key", 12, check)
    assert cache.get_check("key", 12) == check


def test_a_fonts_widths_are_read_as_declared_and_no_further():
    """/W in both forms; a range is cut to two-byte codes, and a range missing its width
    (the end of a broken /W) is where the reading stops, not a crash."""
    spec = [1, Array([300, 400]), 5, 7, 250, 65530, 70_000, 700, 9, 12]
    descendant = Dictionary(DW=900, W=Array(spec))
    font = font_widths(Dictionary(Subtype=Name.Type0, DescendantFonts=Array([descendant])))
    assert (font.widths[2], font.widths[6], font.widths[8], font.widths[9]) == (400, 250, 900, 900)
    assert font.widths[0xFFFF] == 700 and 0x10000 not in font.widths
