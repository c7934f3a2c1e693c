"""Finishing: each defect of WeasyPrint's tagging, shown on plain WeasyPrint output
by our checker, then shown repaired (and clean) after our typeset and finish stages."""

from __future__ import annotations

import re

import pikepdf
import pytest
from helpers import read_pdf, struct_elements
from pypdf.generic import ArrayObject, DictionaryObject
from weasyprint import HTML

from publication.check import check_pdf
from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation
from publication.finish import finish_pdf
from publication.typeset.pdf import typeset_pdf

PAGE = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Fixture</title>
<style>@page {{ size: A5; @top-left {{ content: "Running head" }}
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages) }} }}
  body {{ font-family: "DejaVu Sans"; font-size: 12pt }}</style></head>
<body><h1>Fixture</h1>{}</body></html>"""

ROWS = "".join(f"<tr><th scope='row'>Ward {n}</th><td>{n * 7}</td></tr>" for n in range(120))
FIXTURES = {
    "table": "<table><caption>Households by ward</caption><thead><tr><th scope='col'>Ward</th>"
    f"<th scope='col'>Households</th></tr></thead><tbody>{ROWS}</tbody></table>",
    "list": "<ul>" + "".join(f"<li>Item {n}</li>" for n in range(150)) + "</ul>",
    "furniture": "<p>Text on the first page.</p><p style='break-before: page'>And the next.</p>"
    "<p style='break-before: page'>And the last.</p>",
    "links": '<p>Read <a href="https://example.org/plan">the plan</a>.</p>',
    "nested-links": "<style>a::after { content: ' (page ' target-counter(attr(href url), page)"
    " ')' }</style>"
    '<nav><ol><li><a href="#s">Section</a></li></ol></nav><h2 id="s">Section</h2>',
    "hidden-image": '<p><img src="dot.svg" alt="" style="width: 1cm"> Text.</p>',
    "document": "<p>Hello.</p>",
    "row-headers": "<table><thead><tr><th scope='col'>Ward</th><th scope='col'>Households</th>"
    f"</tr></thead><tbody>{ROWS}</tbody></table>",
    "nested-list": "<ol><li>One<ul><li>a</li><li>b</li></ul></li><li>Two</li></ol>",
    "nested-list-over-a-page": "<ul>"
    + "".join(f"<li>Item {n}<ul>{'<li>point</li>' * 4}</ul></li>" for n in range(40))
    + "</ul>",
    "loose-list": "<ul>"
    + "".join(f"<li><p>Item {n}</p><p>More about item {n}.</p></li>" for n in range(40))
    + "</ul>",
    "wrapped-link": "<p style='width: 4cm'>Read <a href='https://example.org/plan'>the plan "
    "for the parks and open spaces of the borough</a>.</p>",
    "icon": "<h2><span style='display: inline-block; width: 1em; height: 1em; "
    "background: #357'></span>Vision</h2>",
}
DEFECTS = {
    "table": "split",
    "list": "split",
    "furniture": "furniture-tagged",
    "links": "print-flag",
    "nested-links": "link-nested",
    "hidden-image": "13-004",
    "document": "parent-tree-next-key",
    "nested-list": "list-nesting",
    "nested-list-over-a-page": "list-empty-item",
    "loose-list": "list-parts",
    "wrapped-link": "link-split",
    "icon": "empty-element",
}


def _plain(tmp_path, body: str):
    path = tmp_path / "plain.pdf"
    HTML(string=PAGE.format(body), base_url=tmp_path.as_uri() + "/").write_pdf(
        path, pdf_variant="pdf/ua-1"
    )
    return path


def _ours(tmp_path, body: str):
    diagnostics = Diagnostics()
    typeset = typeset_pdf(
        PAGE.format(body), tmp_path, (tmp_path,), SourceLocation(tmp_path / "x"), diagnostics
    )
    assert typeset is not None, diagnostics.items
    path = tmp_path / "ours.pdf"
    path.write_bytes(finish_pdf(typeset.pdf, typeset.elements))
    return path


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "dot.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 2">'
        '<circle cx="1" cy="1" r="1"/></svg>'
    )
    return tmp_path


@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_plain_weasyprint_has_the_defect_and_ours_does_not(folder, defect):
    plain = check_pdf(_plain(folder, FIXTURES[defect]))
    assert DEFECTS[defect] in {f.code for f in plain.findings}, [str(f) for f in plain.findings]
    ours = check_pdf(_ours(folder, FIXTURES[defect]))
    assert not ours.findings, [str(f) for f in ours.findings]


def test_every_list_says_how_it_is_numbered(folder):
    plain = check_pdf(_plain(folder, FIXTURES["nested-list"]))
    assert "list-numbering" in {f.code for f in plain.findings}
    reader = read_pdf(_ours(folder, FIXTURES["nested-list"]))
    lists = [e for e in struct_elements(reader) if e["/S"] == "/L"]
    assert [lst["/A"]["/ListNumbering"] for lst in lists] == ["/Decimal", "/Circle"]


def test_a_row_headers_cells_name_their_own_row_on_every_page(folder):
    reader = read_pdf(_ours(folder, FIXTURES["row-headers"]))
    elements = struct_elements(reader)
    headers = {e["/ID"]: e for e in elements if e["/S"] == "/TH"}
    rows = [e for e in elements if e["/S"] == "/TR"]
    pages = set()
    for row in rows[1:]:  # the header row first, then every row of the body
        [row_header, data] = [c for c in _kids(row) if isinstance(c, DictionaryObject)]
        pages.add(reader.get_page_number(data["/Pg"]))
        names = [headers[h] for h in data["/A"]["/Headers"]]
        assert names == [row_header, headers[_kids(rows[0])[1]["/ID"]]]
    assert len(pages) >= 3


def test_the_check_finds_a_cell_that_names_another_rows_header(folder):
    path = _ours(folder, FIXTURES["row-headers"])
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        cells = [
            o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/TD"
        ]
        cells[-1].A.Headers = pikepdf.Array(cells[0].A.Headers)  # the last row names the first
        pdf.save(path)
    [finding] = [f for f in check_pdf(path).findings if f.code == "table-headers"]
    assert "1 of 120 data cells" in finding.message and finding.page > 1


def test_a_nested_list_over_a_page_break_is_inside_its_item(folder):
    reader = read_pdf(_ours(folder, FIXTURES["nested-list-over-a-page"]))
    elements = struct_elements(reader)
    [outer] = [e for e in elements if e["/S"] == "/L" and e["/P"]["/S"] != "/LBody"]
    items = [k for k in _kids(outer) if isinstance(k, DictionaryObject)]
    assert [k["/S"] for k in items] == ["/LI"] * 40
    nested = [e for e in elements if e["/S"] == "/L" and e is not outer]
    assert len(nested) == 40 and all(e["/P"]["/S"] == "/LBody" for e in nested)
    assert all(len(_elements(e, "/LI")) == 4 for e in nested)
    spanning = [e for e in nested if len({reader.get_page_number(i["/Pg"]) for i in _kids(e)}) > 1]
    assert spanning  # a nested list cut by a page break is one list in its item
    assert all(_kids(e) for e in elements if e["/S"] == "/LI")


def test_a_loose_lists_paragraphs_are_in_their_items_body(folder):
    reader = read_pdf(_ours(folder, FIXTURES["loose-list"]))
    assert len(reader.pages) >= 3
    [items] = [_kids(e) for e in struct_elements(reader) if e["/S"] == "/L"]
    assert len(items) == 40
    assert all([k["/S"] for k in _kids(item)] == ["/Lbl", "/LBody"] for item in items)
    bodies = [_kids(item)[1] for item in items]
    assert all([k["/S"] for k in _kids(body)] == ["/P", "/P"] for body in bodies)


def test_a_link_that_wraps_is_one_link(folder):
    reader = read_pdf(_ours(folder, FIXTURES["wrapped-link"]))
    [link] = [e for e in struct_elements(reader) if e["/S"] == "/Link"]
    objrs = [k for k in _kids(link) if isinstance(k, DictionaryObject) and "/Obj" in k]
    annotations = [a.get_object() for a in reader.pages[0]["/Annots"]]
    assert len(objrs) == len(annotations) >= 2


def test_a_heading_icon_leaves_no_empty_element(folder):
    reader = read_pdf(_ours(folder, FIXTURES["icon"]))
    assert [e["/S"] for e in struct_elements(reader)] == ["/Document", "/H1", "/H2"]


def _kids(element) -> list:
    k = element.get("/K")
    k = k if isinstance(k, ArrayObject) else [k]
    return [c.get_object() for c in k if hasattr(c, "get_object") or isinstance(c, dict)]


def _elements(element, role: str) -> list:
    found = []
    for kid in _kids(element):
        if isinstance(kid, DictionaryObject) and "/S" in kid:
            if kid["/S"] == role:
                found.append(kid)
            found.extend(_elements(kid, role))
    return found


def test_a_table_over_three_pages_is_one_table_with_every_row_once(folder):
    reader = read_pdf(_ours(folder, FIXTURES["table"]))
    assert len(reader.pages) >= 3
    [table] = [e for e in struct_elements(reader) if e["/S"] == "/Table"]
    rows = _elements(table, "/TR")
    assert len(rows) == 121  # the header row once, then every body row in order
    assert len(_elements(table, "/THead")) == 1
    headers = _elements(table, "/TH")
    assert len(headers) == 122
    scopes = [h["/A"]["/Scope"] for h in headers]
    assert scopes[:2] == ["/Column", "/Column"] and set(scopes[2:]) == {"/Row"}
    pages = {int(reader.get_page_number(c["/Pg"])) for r in rows for c in _elements(r, "/TD")}
    assert len(pages) >= 3


def test_a_list_over_pages_is_one_list(folder):
    reader = read_pdf(_ours(folder, FIXTURES["list"]))
    lists = [e for e in struct_elements(reader) if e["/S"] == "/L"]
    assert len(lists) == 1 and len(_elements(lists[0], "/LI")) == 150


def test_running_heads_and_page_numbers_are_artifacts(folder):
    reader = read_pdf(_ours(folder, FIXTURES["furniture"]))
    text = " ".join(str(e.get("/ActualText", "")) for e in struct_elements(reader))
    content = reader.pages[1].get_contents().get_data()
    assert content.count(b"/Artifact <</Type /Pagination>> BDC") >= 2
    assert "Running head" not in text
    assert b"Running head" not in content  # text is glyph ids; the mark is what counts
    assert reader.trailer["/Root"]["/MarkInfo"]["/Suspects"] == False  # noqa: E712


def test_links_carry_their_annotation_text_and_print_flag(folder):
    reader = read_pdf(_ours(folder, FIXTURES["links"]))
    [annotation] = [a.get_object() for a in reader.pages[0]["/Annots"]]
    assert annotation["/F"] & 4 and annotation["/Contents"] == "the plan"
    [link] = [e for e in struct_elements(reader) if e["/S"] == "/Link"]
    objrs = [
        k for k in _kids(link) if isinstance(k, DictionaryObject) and k.get("/Type") == "/OBJR"
    ]
    assert objrs and reader.pages[0]["/Tabs"] == "/S"


def test_contents_become_toc_and_links_are_not_nested(folder):
    reader = read_pdf(_ours(folder, FIXTURES["nested-links"]))
    roles = [e["/S"] for e in struct_elements(reader)]
    assert "/TOC" in roles and "/TOCI" in roles and "/L" not in roles
    for link in (e for e in struct_elements(reader) if e["/S"] == "/Link"):
        assert link["/P"]["/S"] != "/Link"


def test_hidden_images_become_artifacts(folder):
    reader = read_pdf(_ours(folder, FIXTURES["hidden-image"]))
    assert "/Figure" not in [e["/S"] for e in struct_elements(reader)]
    assert b"/Artifact" in reader.pages[0].get_contents().get_data()


def test_footnotes_are_notes_and_definition_lists_pair_terms(folder):
    body = (
        '<p>Claim<sup><a href="#fn1">1</a></sup>.</p><dl><dt>LEP</dt><dd>Local Enterprise '
        "Partnership</dd><dt>ICT</dt><dd>Information technology</dd></dl><section "
        'class="footnotes"><ol><li id="fn1" class="footnote-item">Source.</li></ol></section>'
    )
    reader = read_pdf(_ours(folder, body))
    [note] = [e for e in struct_elements(reader) if e["/S"] == "/Note"]
    assert note["/ID"] == "fn1"
    items = [e for e in struct_elements(reader) if e["/S"] == "/LI"]
    assert len(items) == 2
    assert [[k["/S"] for k in _kids(i) if isinstance(k, DictionaryObject)] for i in items] == [
        ["/Lbl", "/LBody"],
        ["/Lbl", "/LBody"],
    ]


def _owned_mcids(reader, element) -> set[tuple[int, int]]:
    page = reader.get_page_number(element["/Pg"]) if "/Pg" in element else None
    owned = set()
    for kid in _kids(element) if "/K" in element else []:
        if isinstance(kid, int):
            owned.add((page, kid))
        elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
            kid_page = reader.get_page_number(kid["/Pg"]) if "/Pg" in kid else page
            owned.add((kid_page, int(kid["/MCID"])))
    return owned


def test_parent_tree_stays_consistent(folder):
    path = _ours(folder, FIXTURES["table"] + FIXTURES["list"] + FIXTURES["links"])
    reader = read_pdf(path)
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    nums = root["/ParentTree"]["/Nums"]
    keys = [int(nums[i]) for i in range(0, len(nums), 2)]
    assert root["/ParentTreeNextKey"] == max(keys) + 1
    marked = set()
    for number, page in enumerate(reader.pages):
        data = page.get_contents().get_data()
        marked |= {(number, int(m)) for m in re.findall(rb"<</MCID (\d+)>>\s*BDC", data)}
    mapped = set()
    for i in range(0, len(nums), 2):
        key, value = int(nums[i]), nums[i + 1]
        if not isinstance(value, ArrayObject):
            continue  # an annotation's entry
        for mcid, owner in enumerate(value):
            owner = owner.get_object() if owner is not None else None
            if owner is None or not isinstance(owner, DictionaryObject):
                continue
            assert (key, mcid) in _owned_mcids(reader, owner)
            mapped.add((key, mcid))
    assert mapped == marked  # every tagged piece of content has its element, and no more
    assert not check_pdf(path).findings


def test_a_paragraph_and_a_section_over_a_page_break_stay_whole(folder):
    words = " ".join(f"word{n}" for n in range(900))
    body = f"<section><h2>Long</h2><p>{words}</p><blockquote>{words}</blockquote></section>"
    reader = read_pdf(_ours(folder, body))
    assert len(reader.pages) >= 3
    roles = [e["/S"] for e in struct_elements(reader)]
    assert roles.count("/Sect") == 1 and roles.count("/P") == 1
    assert roles.count("/BlockQuote") == 1


def test_untagged_decoration_is_a_typed_artifact(folder):
    body = "<p style='border: 2pt solid black; background: #eee'>Boxed.</p>"
    content = read_pdf(_ours(folder, body)).pages[0].get_contents().get_data()
    assert b"/Artifact BMC" not in content
    assert b"/Artifact <</Type /Layout>> BDC" in content
