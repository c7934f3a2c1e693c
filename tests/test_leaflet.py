"""Leaflets that fit: the form a publication takes, its page budget, the statement of
other formats on the front, no empty contents, and clear print (bold, no underline)."""

from __future__ import annotations

import pytest
from conftest import ROOT, run_cli
from helpers import font_names, outline_tree, page_texts, read_pdf

LEAFLET = """\
title: Library opening hours
organisation: Exampleton Borough Council
language: en-GB
page_size: A5
alternative_formats: This leaflet is available in large print, Braille and audio.
{extra}
sections:
  - title: When we are open
    text: Central Library is open *every day* but Sunday. [See the hours of every branch](https://www.exampleton.example/libraries/hours).
  - title: Find us
    text: 12 Market Street, Exampleton.
  - title: Contact us
    blocks:
      - contact: {{telephone: 01632 960 123, email: libraries@exampleton.example}}
"""


def _build(tmp_path, extra: str = "", *options: str):
    folder = tmp_path / "content" / "leaflet"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "publication.yaml").write_text(LEAFLET.format(extra=extra), "utf-8")
    result = run_cli("build", str(folder), "--out", str(tmp_path / "out"), *options)
    return result, tmp_path / "out" / "leaflet"


def test_a_short_publication_is_a_leaflet_on_one_page(tmp_path):
    result, out = _build(tmp_path)
    assert result.code == 0, result.err
    reader = read_pdf(out / "leaflet.pdf")
    [first] = page_texts(reader)  # no cover, no contents page: one A5 page
    assert first.startswith("Library opening hours Exampleton Borough Council")
    assert "available in large print, Braille and audio" in first.split("When we are open")[0]
    assert "Contents" not in first
    assert [b.title for b in outline_tree(reader)] == ["Library opening hours"]


def test_clear_print_bold_emphasis_and_printed_addresses(tmp_path):
    result, out = _build(tmp_path)
    assert result.code == 0, result.err
    reader = read_pdf(out / "leaflet.pdf")
    assert not [f for f in font_names(reader) if "Italic" in f or "Oblique" in f]
    text = page_texts(reader)[0]
    assert "(www.exampleton.example/libraries/hours)" in text and "https" not in text


def test_the_leaflet_in_large_print(tmp_path):
    result, out = _build(tmp_path, "", "--size", "24")
    assert result.code == 0, result.err
    pages = page_texts(read_pdf(out / "leaflet-large-print-24pt.pdf"))
    assert "Large print edition, 24 point" in pages[0]
    assert "When we are open" in pages[0]  # sections run on after the title block


def test_a_booklet_keeps_its_cover_and_contents(tmp_path):
    result, out = _build(tmp_path, "form: booklet")
    assert result.code == 0, result.err
    pages = page_texts(read_pdf(out / "leaflet.pdf"))
    assert "available in large print, Braille and audio" in pages[0]  # on the cover
    assert pages[1].startswith("3 4 5 Contents When we are open")


def test_never_an_empty_contents_heading(tmp_path):
    extra = "form: booklet\nsummary: Opening hours."
    folder = tmp_path / "content" / "leaflet"
    result, out = _build(tmp_path, extra)
    assert result.code == 0
    yaml = (folder / "publication.yaml").read_text("utf-8")
    yaml = yaml.replace("  - title: Find us\n", "  - title: Find us\n    contents: false\n")
    for title in ("When we are open", "Contact us"):
        yaml = yaml.replace(f"  - title: {title}\n", f"  - title: {title}\n    contents: false\n")
    (folder / "publication.yaml").write_text(yaml, "utf-8")
    result = run_cli("build", str(folder), "--out", str(tmp_path / "out"))
    assert result.code == 0, result.err
    pages = page_texts(read_pdf(out / "leaflet.pdf"))
    assert not any("Contents" in page for page in pages)
    assert pages[1].startswith("About this document Opening hours.")


@pytest.mark.parametrize(("budget", "warned"), [(1, False), ("1\nform: booklet", True)])
def test_page_budget(tmp_path, budget, warned):
    result, _ = _build(tmp_path, f"page_budget: {budget}")
    assert result.code == 0
    message = "publication.yaml:6:14: warning: the standard edition takes 5 pages, over the "
    assert (message in result.err) is warned, result.err


def test_unknown_form_and_print_form_are_located(tmp_path):
    result, _ = _build(tmp_path, "form: poster\nprint: [booklet, poster]")
    assert result.code == 1
    assert "publication.yaml:6:7: error: unknown form 'poster'" in result.err
    assert "publication.yaml:7:18: error: unknown print form 'poster'" in result.err


def test_the_sample_leaflet_fits_its_budget(tmp_path):
    result = run_cli("build", str(ROOT / "content" / "library-leaflet"), "--out", str(tmp_path))
    assert result.code == 0, result.err
    assert "page-budget" not in result.err
    pages = page_texts(read_pdf(tmp_path / "library-leaflet" / "library-leaflet.pdf"))
    assert len(pages) == 4
    assert "Sample leaflet" in pages[0] and "available in large print" in pages[0]
    assert "Opening hours from 2 March 2026" in " ".join(pages)
    assert "Telephone: 01632 960 123" in pages[-1]
