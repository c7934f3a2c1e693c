"""Breaks that keep things together, read from where the typesetter put each element.

A publication of many short lists, tables and paragraphs of varied lengths is set
in large print, so that page breaks fall at every kind of place; then for every
list and table: at least two items or rows either side of a break, a table of ten
rows or fewer whole, its caption on the page of its first row.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

import pytest

from publication.diagnostics import Diagnostics
from publication.source.load import load_publication
from publication.source.markup import render_fragments
from publication.source.validate import validate_publication
from publication.typeset.editions import EDITIONS, large_print
from publication.typeset.html import STYLES_DIR, render_html
from publication.typeset.pdf import typeset_pdf

WORDS = "the library lends books audiobooks and newspapers to everyone who lives here".split()


def _paragraph(n: int) -> str:
    return " ".join(WORDS[(n + i) % len(WORDS)] for i in range(9 + n * 7 % 40)) + "."


def _section(n: int) -> str:
    items = "\n".join(f"- Item {i} of list {n}: {_paragraph(i + n)[:40]}" for i in range(2 + n % 5))
    rows = "\n".join(
        f"            - [Row {i}, '{i * 7}', '{i * 3}']" for i in range(3 + n * 5 % 12)
    )
    return f"""\
  - title: Part {n}
    new_page: false
    text: |
      {_paragraph(n)}

{_indent(items)}

      {_paragraph(n + 3)}
    blocks:
      - table:
          caption: Table {n}
          rows:
            - [Name, Loans, Visits]
{rows}
"""


def _indent(text: str) -> str:
    return "\n".join("      " + line for line in text.splitlines())


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory):
    """What the typesetter placed where, in the standard edition on A5 and at 24 point."""
    folder = tmp_path_factory.mktemp("breaks") / "breaks"
    folder.mkdir()
    sections = "".join(_section(n) for n in range(1, 15))
    (folder / "publication.yaml").write_text(
        "title: Breaks\norganisation: Exampleton Borough Council\nlanguage: en-GB\n"
        f"form: leaflet\nsections:\n{sections}",
        "utf-8",
    )
    diagnostics = Diagnostics()
    publication = validate_publication(load_publication(folder, diagnostics), diagnostics)
    fragments = render_fragments(publication, diagnostics)
    results = {}
    on_a5 = dataclasses.replace(publication, page_size="A5")
    for name, edition in (("A5", EDITIONS["standard"]), ("24", large_print(24))):
        html = render_html(on_a5, fragments, edition)
        typeset = typeset_pdf(html, folder, (folder, STYLES_DIR), publication.location, diagnostics)
        assert typeset is not None, [str(d) for d in diagnostics]
        results[name] = typeset
    return results


def _groups(elements, container: str, member: str) -> dict[int, dict[int, set[int]]]:
    """For each list or table (by key): the pages each of its members is on."""
    groups: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    current = -1
    for element in elements:
        if element.role == container:
            current = element.key
        elif element.role == member and current >= 0:
            groups[current][element.key].add(element.page)
    return groups


@pytest.mark.parametrize("edition", ["A5", "24"])
def test_two_items_either_side_of_a_break(laid_out, edition):
    elements = laid_out[edition].elements
    broken = 0
    for kind, member in (("L", "LI"), ("Table", "TR")):
        for members in _groups(elements, kind, member).values():
            only = [pages for pages in members.values() if len(pages) == 1]
            per_page: dict[int, int] = defaultdict(int)
            for pages in only:
                per_page[next(iter(pages))] += 1
            if len(per_page) > 1:
                broken += 1
                assert min(per_page.values()) >= 2, (kind, dict(per_page))
            if kind == "Table" and len(members) <= 10:
                assert len(per_page) == 1, dict(per_page)  # a short table is whole
    assert broken  # the content did break lists or tables somewhere


@pytest.mark.parametrize("edition", ["A5", "24"])
def test_captions_stay_with_their_tables(laid_out, edition):
    elements = laid_out[edition].elements
    caption_page = None
    for element in elements:
        if element.role == "Caption":
            caption_page = element.page
        elif element.role == "TR" and caption_page is not None:
            assert element.page == caption_page
            caption_page = None
