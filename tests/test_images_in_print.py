"""Text drawn in images: too small for the edition, it is told against the line that
names the image; in large print a figure gives way to its large-print image or to
words printed at the reader's size, and one with neither is pointed out."""

from __future__ import annotations

import shutil

import pytest
from conftest import PROJECTS, run_cli
from helpers import page_texts, read_pdf, struct_elements
from PIL import Image

YAML = """\
title: Parks
organisation: Exampleton Borough Council
language: en-GB
logo: {image: logo.svg, alt: Exampleton Borough Council}
sections:
  - title: Where the parks are
    blocks:
      - figure:
          image: map.png
          alt: Map of the borough's parks
          large_print_text: "**Riverside** has three parks; **Hillside** has two."
      - figure:
          image: map.png
          alt: The same map, drawn again
          large_print_image: map-large.png
      - figure:
          image: map.png
          alt: A chart of visits
"""
LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 64" width="120" height="64">'
    '<rect width="40" height="40" fill="#1a7f5a"/>'
    '<text x="0" y="60" font-size="{size}" font-family="DejaVu Sans">Exampleton</text></svg>'
)


def _project(tmp_path, logo_size: int):
    folder = tmp_path / "content" / "parks"
    folder.mkdir(parents=True)
    (folder / "publication.yaml").write_text(YAML, "utf-8")
    (folder / "logo.svg").write_text(LOGO.format(size=logo_size), "utf-8")
    shutil.copy(PROJECTS / "full" / "content" / "full" / "map.png", folder / "map.png")
    with Image.open(folder / "map.png") as small:  # twice the size: its own, to be told apart
        small.resize((small.width * 2, small.height * 2)).save(folder / "map-large.png")
    return folder


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("parks")
    folder = _project(tmp_path, logo_size=40)  # lettering of 40 user units: 42 pt on the cover
    result = run_cli("build", str(folder), "--edition", "large-print", "--size", "20",
                     "--out", str(tmp_path / "build"))  # fmt: skip
    assert result.code == 0, result.err
    return result, tmp_path / "build" / "parks"


def test_a_figure_with_neither_alternative_is_pointed_out(large):
    result, _ = large
    warnings = [line for line in result.err.splitlines() if "[large-print-figure]" in line]
    assert len(warnings) == 1 and "publication.yaml:17:" in warnings[0]
    assert "large_print_image:" in result.err and "large_print_text:" in result.err


def test_large_print_prints_the_words_or_the_large_image_in_place(large):
    _, out = large
    reader = read_pdf(out / "parks-large-print-20pt.pdf")
    text = " ".join(page_texts(reader))
    assert "Riverside has three parks; Hillside has two." in text
    figures = [str(e["/Alt"]) for e in struct_elements(reader) if e["/S"] == "/Figure"]
    assert figures == ["Exampleton Borough Council", "The same map, drawn again",
                       "A chart of visits"]  # fmt: skip
    with Image.open(out.parent.parent / "content" / "parks" / "map.png") as small:
        width = small.width
    drawn = {
        image.idnum: int(image.get_object()["/Width"])
        for page in reader.pages
        for image in page["/Resources"].get("/XObject", {}).values()
        if image.get_object().get("/Subtype") == "/Image"
    }
    assert sorted(drawn.values()) == [width, width * 2]  # the large-print map, the chart


def test_small_lettering_in_a_logo_is_told_against_the_logos_line(tmp_path):
    folder = _project(tmp_path, logo_size=10)  # about 10.6 pt on the cover
    result = run_cli("build", str(folder), "--edition", "standard", "--out", str(tmp_path / "b"))
    assert result.code == 1
    [line] = [line for line in result.err.splitlines() if "[pdf-ua-font-size]" in line]
    assert "publication.yaml:4:" in line and "drawn in an image: logo.svg" in line
    assert not (tmp_path / "b").exists()
