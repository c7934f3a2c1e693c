"""What an author writes about passages reaches the structure tree: languages,
abbreviations, definitions, list numbers, box titles, web addresses and footnotes,
and small print at a size the edition allows. One small publication, built once."""

from __future__ import annotations

import pytest
from conftest import run_cli
from helpers import read_pdf, struct_elements
from pypdf.generic import ArrayObject, DictionaryObject

from publication.check import check_pdf

YAML = """\
title: Passages
organisation: Exampleton Borough Council
language: en-GB
sections:
  - title: In English
    file: english.md
    blocks:
      - text: Mae croeso i bawb yn y llyfrgell.
        language: cy
      - callout:
          title: Have your say
          text: Tell us by 1 March.
  - title: Yn Gymraeg
    language: cy-GB
    text: Croeso i'r llyfrgell.
form: booklet  # a contents page, whose links say their language too
"""
MARKDOWN = """\
The <abbr title="Local Enterprise Partnership">LEP</abbr> met.[^1] Water is
H<sub>2</sub>O, <small>small print</small>, and <span lang="pl">dzień dobry</span>.
See www.exampleton.example/plans for the plans.

7. Seventh
8. Eighth

LEP
: Local Enterprise Partnership

[^1]: The minutes.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("passages")
    folder = root / "content" / "passages"
    folder.mkdir(parents=True)
    (folder / "publication.yaml").write_text(YAML, "utf-8")
    (folder / "english.md").write_text(MARKDOWN, "utf-8")
    result = run_cli("build", str(folder), "--out", str(root / "build"), "--edition", "standard")
    assert result.code == 0, result.err
    return root / "build" / "passages" / "passages.pdf"


def _kids(element) -> list:
    k = element.get("/K")
    k = k if isinstance(k, ArrayObject) else [k]
    return [c.get_object() for c in k if hasattr(c, "get_object")]


def _text_kids(element) -> list:
    return [k for k in _kids(element) if isinstance(k, DictionaryObject) and "/S" in k]


def test_passages_in_other_languages_carry_their_language(built):
    elements = struct_elements(read_pdf(built))
    languages = {str(e["/S"]): str(e["/Lang"]) for e in elements if "/Lang" in e}
    assert languages == {"/Span": "pl", "/Div": "cy", "/Sect": "cy-GB", "/Link": "cy-GB"}
    [welsh_section] = [e for e in elements if e.get("/Lang") == "cy-GB" and e["/S"] == "/Sect"]
    assert _text_kids(welsh_section)[0]["/S"] == "/H2"


def test_abbreviations_definitions_numbers_and_box_titles(built):
    elements = struct_elements(read_pdf(built))
    [abbreviation] = [e for e in elements if "/E" in e]
    assert abbreviation["/S"] == "/Span" and abbreviation["/E"] == "Local Enterprise Partnership"
    lists = [e for e in elements if e["/S"] == "/L"]
    numbered, terms = lists
    assert numbered["/A"]["/ListNumbering"] == "/Decimal"
    assert terms["/A"]["/ListNumbering"] == "/None"
    [item] = _text_kids(terms)
    assert [k["/S"] for k in _text_kids(item)] == ["/Lbl", "/LBody"]
    headings = [e for e in elements if e["/S"] in ("/H2", "/H3")]
    # Contents, the section, the callout's title within it, the Welsh section
    assert [h["/S"] for h in headings] == ["/H2", "/H2", "/H3", "/H2"]


def test_an_ordered_list_keeps_its_start_number(built):
    text = read_pdf(built).pages[2].extract_text(extraction_mode="layout")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "7. Seventh" in lines and "8. Eighth" in lines and "1. Seventh" not in lines


def test_a_bare_web_address_is_a_link_and_a_footnote_mark_can_be_clicked(built):
    reader = read_pdf(built)
    annotations = [a.get_object() for page in reader.pages for a in page.get("/Annots", [])]
    targets = [str(a["/A"]["/URI"]) for a in annotations if "/A" in a]
    assert "http://www.exampleton.example/plans" in targets
    for annotation in annotations:
        x1, y1, x2, y2 = (float(v) for v in annotation["/Rect"])
        assert abs(x2 - x1) >= 1 and abs(y2 - y1) >= 1


def test_small_print_and_subscripts_meet_the_editions_size(built):
    assert not check_pdf(built, min_font_size=12).findings


@pytest.mark.parametrize(
    ("yaml", "markdown", "expected"),
    [
        (YAML.replace("language: cy-GB", "language: Welsh"), "Hello.", "publication.yaml:14:15:"),
        (YAML, 'Hello <span lang="en_GB">there</span>.', "english.md:1:"),
    ],
)
def test_a_passage_language_that_is_not_a_tag_is_an_error_at_its_line(
    tmp_path, yaml, markdown, expected
):
    folder = tmp_path / "content" / "bad"
    folder.mkdir(parents=True)
    (folder / "publication.yaml").write_text(yaml, "utf-8")
    (folder / "english.md").write_text(markdown + "\n", "utf-8")
    result = run_cli("build", str(folder), "--out", str(tmp_path / "build"))
    assert result.code == 1
    assert expected in result.err and "is not a language tag" in result.err
