"""The structure-tree rules of ``publication check`` on PDFs made by hand, as another
tool might write them: each rule finds its defect, with the page and the element."""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from publication.check import check_pdf


def _pdf(tmp_path, build) -> list:
    """A one-page tagged PDF whose tree ``build(pdf, page, document)`` fills in;
    returns the codes of the findings."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0]
    page.obj.Contents = pdf.make_stream(b"/P <</MCID 0>> BDC 0 0 m 10 10 l S EMC")
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root))
    root.K = Array([document])
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.Lang = String("en-GB")
    build(pdf, page, document)
    path = tmp_path / "made.pdf"
    pdf.save(path)
    return check_pdf(path).findings


def _element(pdf, role: str, parent, page, kids=(), **entries) -> Dictionary:
    element = pdf.make_indirect(
        Dictionary(Type=Name.StructElem, S=Name("/" + role), P=parent, Pg=page.obj, **entries)
    )
    element.K = Array(list(kids))
    parent.K = Array([*parent.get("/K", Array()), element])
    return element


def _codes(findings) -> dict[str, list]:
    found: dict[str, list] = {}
    for finding in findings:
        found.setdefault(finding.code, []).append(finding)
    return found


def test_lists_hold_items_items_hold_label_and_body_and_none_is_empty(tmp_path):
    def build(pdf, page, document):
        lst = _element(pdf, "L", document, page)
        item = _element(pdf, "LI", lst, page)
        _element(pdf, "Lbl", item, page, [0])
        _element(pdf, "LBody", item, page, [0])
        _element(pdf, "L", lst, page)  # a nested list beside the items
        _element(pdf, "P", lst, page, [0])  # a paragraph among the items
        _element(pdf, "LI", lst, page)  # an empty item
        _element(pdf, "P", _element(pdf, "LI", lst, page), page, [0])  # not Lbl or LBody

    codes = _codes(_pdf(tmp_path, build))
    assert [f.element.split()[0] for f in codes["list-nesting"]] == ["L"]
    assert [f.element.split()[0] for f in codes["list-items"]] == ["P"]
    assert [f.element.split()[0] for f in codes["list-parts"]] == ["P"]
    assert codes["list-numbering"][0].page == 1
    assert len(codes["list-empty-item"]) == 1


def test_languages_expansions_and_empty_elements(tmp_path):
    def build(pdf, page, document):
        _element(pdf, "P", document, page, [0], Lang=String("cy"))
        _element(pdf, "Span", document, page, [0], Lang=String("Welsh"))
        _element(pdf, "Span", document, page, [0], E=String(" "))
        _element(pdf, "Span", document, page)
        _element(pdf, "Span", document, page, ActualText=String("said instead"))

    codes = _codes(_pdf(tmp_path, build))
    assert ["'Welsh'" in f.message for f in codes["lang-tag"]] == [True]
    assert len(codes["empty-text"]) == 1 and len(codes["empty-element"]) == 1


def test_link_annotations_with_no_area_or_twice_in_one_place(tmp_path):
    def build(pdf, page, document):
        target = Dictionary(S=Name.URI, URI=String("https://example.org/"))
        rects = [[10, 10, 60, 22], [10, 10, 60, 22], [70, 10, 90, 10]]
        annotations = [
            pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=r, A=target))
            for r in rects
        ]
        page.obj.Annots = Array(annotations)
        for annotation in annotations:
            objr = Dictionary(Type=Name.OBJR, Obj=annotation, Pg=page.obj)
            _element(pdf, "Link", document, page, [objr])

    codes = _codes(_pdf(tmp_path, build))
    assert len(codes["link-duplicate"]) == 1 and codes["link-duplicate"][0].page == 1
    assert len(codes["link-area"]) == 1 and "0.0 pt" in codes["link-area"][0].message
    assert len(codes["link-split"]) == 2  # three Link elements side by side, one target
