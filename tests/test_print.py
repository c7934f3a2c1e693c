"""Booklets for the photocopier: saddle-stitch order, sheet sizes, print-only metadata."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest
from conftest import ROOT, run_cli
from pypdf import PdfReader
from pypdf.generic import ContentStream

from publication.messages import translator
from publication.print import booklet_sides, impose_booklet

A5 = (419.53, 595.28)
ENGLISH = translator("en-GB")


def _numbered_pages(count: int, size=A5) -> bytes:
    """A PDF of ``count`` pages, each showing its own number in a corner."""
    pdf = pikepdf.new()
    helvetica = pikepdf.Dictionary(Type="/Font", Subtype="/Type1", BaseFont="/Helvetica")
    font = pdf.make_indirect(helvetica)
    for number in range(1, count + 1):
        page = pdf.add_blank_page(page_size=size)
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.Contents = pdf.make_stream(f"BT /F1 24 Tf 40 40 Td (P{number}) Tj ET".encode())
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _sides(data: bytes) -> list[tuple[str, str]]:
    """(left, right) page labels on each side of the imposed file, read by pypdf: which
    page each placed form shows, and whether it is placed on the left or right half."""
    reader = PdfReader(io.BytesIO(data))
    sides = []
    for page in reader.pages:
        half = float(page.mediabox.width) / 2
        found = {"left": "", "right": ""}
        x = 0.0
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"cm":
                x = float(operands[4])
            elif operator == b"Do":
                shown = page["/Resources"]["/XObject"][operands[0]].get_object().get_data()
                label = re.search(rb"\((P\d+)\)", shown).group(1).decode()
                found["left" if x < half else "right"] += label
        sides.append((found["left"], found["right"]))
    return sides


@pytest.mark.parametrize("count", range(1, 18))
def test_pages_are_in_saddle_stitch_order(count):
    sides = _sides(impose_booklet(_numbered_pages(count), "Order", "order.pdf", ENGLISH))
    total = max(4, -(-count // 4) * 4)
    assert len(sides) == total // 2  # two sides a sheet, four pages a sheet
    expected = []
    for sheet in range(total // 4):
        expected += [(total - 2 * sheet, 2 * sheet + 1), (2 * sheet + 2, total - 1 - 2 * sheet)]
    label = lambda n: f"P{n}" if n <= count else ""  # noqa: E731 - pages past the end are blank
    assert sides == [(label(left), label(right)) for left, right in expected]
    # Folded, the sheets read in order: every page appears once, blanks at the end.
    shown = sorted(int(p[1:]) for side in sides for p in side if p)
    assert shown == list(range(1, count + 1))


def test_sides_of_a_four_page_leaflet():
    assert booklet_sides(4) == [(3, 0), (1, 2)]
    assert booklet_sides(5)[0] == (None, 0)  # page 8, the back cover, is blank


def test_sheets_are_twice_the_page_and_say_they_are_for_printing():
    data = impose_booklet(_numbered_pages(6, (595.28, 841.89)), "Large", "large.pdf", ENGLISH)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
        assert (round(width), round(height)) == (1191, 842)  # A3 landscape
        assert "For printing only" in str(pdf.docinfo["/Subject"])
        assert "large.pdf" in str(pdf.docinfo["/Subject"])
        assert pdf.Root.ViewerPreferences.Duplex == "/DuplexFlipShortEdge"
        assert "/StructTreeRoot" not in pdf.Root  # not a reading copy
        with pdf.open_metadata() as meta:
            assert "booklet for printing" in meta["dc:title"]
    welsh = impose_booklet(_numbered_pages(2), "Taflen", "taflen.pdf", translator("cy-GB"))
    with pikepdf.open(io.BytesIO(welsh)) as pdf:  # in the publication's language
        assert str(pdf.docinfo["/Title"]) == "Taflen (llyfryn i’w argraffu)"
        assert str(pdf.docinfo["/Subject"]).startswith("I’w argraffu yn unig: tudalennau taflen")


def test_build_writes_the_booklet_beside_the_reading_copy(tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", str(ROOT / "content" / "library-leaflet"), "--out", str(out))
    assert result.code == 0, result.err
    folder = out / "library-leaflet"
    reading = PdfReader(folder / "library-leaflet.pdf")
    booklet = PdfReader(folder / "library-leaflet-booklet.pdf")
    assert len(reading.pages) == 4 and len(booklet.pages) == 2  # one A4 sheet, both sides
    assert [round(float(v)) for v in booklet.pages[0].mediabox[2:]] == [842, 595]  # A4 landscape
    assert "/StructTreeRoot" in reading.trailer["/Root"]
    large = PdfReader(folder / "library-leaflet-large-print-24pt-booklet.pdf")
    assert [round(float(v)) for v in large.pages[0].mediabox[2:]] == [1191, 842]  # A3 landscape
    assert f"wrote {folder}/library-leaflet-booklet.pdf (for printing only)" in result.out
    checked = run_cli("check", str(folder / "library-leaflet-booklet.pdf"))
    assert checked.code == 1  # not a reading copy; one finding says which file is
    assert checked.out.count("error:") == 1
    assert "print-only" in checked.out and "give out library-leaflet.pdf instead" in checked.out


def test_print_booklet_on_the_command_line(project):
    root = project("minimal")
    result = run_cli("build", "content/minimal", "--print", "booklet", "--edition", "standard")
    assert result.code == 0, result.err
    assert (root / "build" / "minimal" / "minimal-booklet.pdf").is_file()
    assert run_cli("build", "content/minimal", "--print", "poster").code == 1
