"""Hostile and broken PDFs: each given to `publication check`, and appended to a pack.

Each bad file (``corpus``) is given to a child process, as a user would run the
command. Each must end with the exit code expected, a message that says where
(the file and page, or the line of meeting.yaml and the item), no traceback, in
bounded memory and time, and a failed pack must leave the previous packs byte for
byte as they were. Then the pack cache (every file a document is made from is in
its key, and a cold and a warm pack are the same), exempt material, and the
furniture check on ordinary content.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT, run_cli
from corpus import (
    MEETING,
    MEETING_HEAD,
    active,
    assert_bounded,
    broken_xref,
    deep_structure,
    destinations_loop,
    flate_bomb,
    font_widths_bomb,
    garbage,
    good_letter,
    lzw_bomb,
    many_pages,
    object_stream_bomb,
    outline_loop,
    page_tree_loop,
    parent_tree_loop,
    run_child,
    structure_cycle,
    tagged_pdf,
)
from pikepdf import Array, Dictionary, Name, String
from PIL import Image

from publication.check import Finding, Report, check_pdf
from publication.check.diagnose import report_findings
from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation, ToolFault
from publication.pdf.active import active_content

# -- publication check on each -------------------------------------------------------

CHECKED = [
    (structure_cycle, 1, r"page 1: error: the structure tree loops: object \d+ is reached a "
     r"second time; nothing beyond that is checked \[structure-tree\]"),
    (deep_structure, 1, r"error: the structure tree is nested more than 500 levels deep"),
    (flate_bomb, 1, r"page 1: error: the page's content is more than 8 MB once decompressed: "
     r"too large to check \[too-large\]"),
    (lzw_bomb, 1, r"page 1: error: the page's content is more than 8 MB once decompressed"),
    (many_pages, 1, r"cannot check: too large to check: it has more than 10,000 pages"),
    (page_tree_loop, 1, r"cannot check: the PDF is damaged \(the page tree loops back on "
     r"itself at object \d+\)"),
    (parent_tree_loop, 1, r"cannot check: the PDF is damaged \(the parent tree loops back "
     r"on itself at object \d+\)"),
    (outline_loop, 1, r"error: the bookmark tree loops back on itself at object \d+, so its "
     r"active content cannot be checked \[damaged\]"),
    (active, 1, r"page 1: error: active content: a command to start a program in a link"),
    (broken_xref, 1, r"error: DisplayDocTitle is missing"),
    (font_widths_bomb, 1, r"error: DisplayDocTitle is missing"),
    (garbage, 1, r"cannot check: not a readable PDF"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("make", "code", "message"), CHECKED, ids=lambda v: getattr(v, "__name__", "")
)
def test_check_ends_quickly_with_a_located_message(tmp_path, make, code, message):
    path = make(tmp_path / f"{make.__name__}.pdf")
    assert path.stat().st_size < 2**21  # the bombs are small files
    ran = run_child("check", path.name, cwd=tmp_path)
    assert_bounded(ran, code)
    assert re.search(rf"^{path.name}: (.*: )?{message}", ran.out + ran.err, re.M), ran.out + ran.err


def test_every_kind_of_active_content_is_an_error_of_the_check(tmp_path):
    report = check_pdf(active(tmp_path / "active.pdf"))
    found = sorted(f.message for f in report.findings if f.code == "active-content")
    assert found == sorted([
        "active content: JavaScript run when the document opens",
        "active content: JavaScript in the document's names",
        "active content: attached files",
        "active content: an XFA form (which may hold scripts)",
        "active content: JavaScript run when the page opens",
        "active content: JavaScript in a link",
        "active content: a command to start a program in a link",
        "active content: the address 'file:///etc/passwd' in a link",
        "active content: the address 'javascript:app.alert(2)' in a link",
        "active content: an attached file 'payload.exe'",
        "active content: a form submission in a form field",
    ])  # fmt: skip


def test_a_form_fields_own_triggers_are_told_once_each():
    """A field that is its own widget, its /AA written inside it: found as a form field
    and as the page's annotation, each trigger is one finding, and removing it clears both."""
    pdf, _document, _paragraph = tagged_pdf()
    typed, shown = (Dictionary(S=Name.JavaScript, JS=String(js)) for js in ("a()", "b()"))
    field = pdf.make_indirect(
        Dictionary(Type=Name.Annot, Subtype=Name.Widget, FT=Name.Tx, T=String("f"),
                   Rect=Array([72, 360, 150, 380]), AA=Dictionary(K=typed, F=shown))
    )  # fmt: skip
    pdf.pages[0].obj.Annots = Array([field])
    pdf.Root.AcroForm = Dictionary(Fields=Array([field]))
    found = active_content(pdf)
    assert sorted(map(str, found)) == [
        "JavaScript run when a form field is formatted (page 1)",
        "JavaScript run when a form field is typed in (page 1)",
    ]
    for item in found:
        item.remove()
    assert not field.AA.keys() and not active_content(pdf)


# -- the same files appended to a pack --------------------------------------------------


@pytest.fixture(scope="module")
def meeting(tmp_path_factory):
    """A one-item meeting appending letter.pdf, with its packs made once."""
    root = tmp_path_factory.mktemp("hostile-pack")
    folder = root / "content" / "sample"
    folder.mkdir(parents=True)
    (folder / "meeting.yaml").write_text(MEETING)
    good_letter(folder / "letter.pdf")
    made = run_cli("pack", str(folder), "--out", str(root / "build"))
    assert made.code == 0, made.err
    return root


def _packs(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "build" / "sample").glob("*-pack.pdf"))}


APPENDED = [
    (structure_cycle, "appendix-damaged",
     r"is damaged: the structure tree loops back on itself at object \d+"),
    (flate_bomb, "appendix-too-large", r"is too large to check or to publish: page 1's content "
     r"is more than 8 MB once decompressed"),
    (lzw_bomb, "appendix-too-large", r"page 1's content is more than 8 MB once decompressed"),
    (many_pages, "appendix-too-large", r"it has more than 10,000 pages, the most we read"),
    (destinations_loop, "appendix-damaged",
     r"is damaged: the destination tree loops back on itself at object \d+"),
    (outline_loop, "appendix-damaged", r"is damaged: the bookmark tree loops back on itself"),
    (parent_tree_loop, "appendix-damaged", r"is damaged: the parent tree loops back"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("make", "code", "message"), APPENDED, ids=lambda v: getattr(v, "__name__", "")
)
def test_a_bad_appendix_is_refused_with_its_item_and_the_packs_kept(meeting, make, code, message):
    folder = meeting / "content" / "sample"
    before = _packs(meeting)
    make(folder / "letter.pdf")
    ran = run_child("pack", "content/sample", cwd=meeting)
    assert_bounded(ran, 1)
    where = r"content/sample/meeting\.yaml:13:\d+: error: item 1, Appendix 1: The letter "
    where += r"\(letter\.pdf\) "
    assert re.search(where + ".*" + message + rf".* \[{code}\]", ran.err), ran.err
    assert "no pack written; the previous packs are unchanged" in ran.err
    assert _packs(meeting) == before


def test_active_content_is_taken_out_of_an_appendix_and_each_removal_told(meeting):
    folder = meeting / "content" / "sample"
    active(folder / "letter.pdf")
    ran = run_child("pack", "content/sample", cwd=meeting)
    assert_bounded(ran, 0)
    told = re.search(r"meeting\.yaml:13:\d+: warning: item 1, Appendix 1: The letter "
                     r"\(letter\.pdf\): removed what a PDF viewer would run or open: (.*) "
                     r"\[active-content-removed\]", ran.err)  # fmt: skip
    assert told, ran.err
    for what in ("JavaScript run when the document opens", "JavaScript in a link (page 1)",
                 "a command to start a program in a link (page 1)",
                 "the address 'file:///etc/passwd' in a link (page 1)", "an XFA form",
                 "the address 'javascript:app.alert(2)' in a link (page 1)",
                 "an attached file 'payload.exe' (page 1)", "a form submission"):  # fmt: skip
        assert what in told.group(1)
    for name, data in _packs(meeting).items():
        with pikepdf.open(meeting / "build" / "sample" / name) as pdf:
            everything = " ".join(
                repr(obj) for obj in pdf.objects if not isinstance(obj, pikepdf.Stream)
            )
            uris = [str(a.A.URI) for a in pdf.pages[-1].Annots if "/A" in a and "/URI" in a.A]
        for gone in ("/JavaScript", "/Launch", "/EmbeddedFile", "/FileAttachment", "/SubmitForm",
                     "file:///", "/XFA", "payload.exe", "javascript:"):  # fmt: skip
            assert gone not in everything, (name, gone)
        kept = ["https://www.example.org/", "mailto:clerk@exampleton.example", "tel:+441632960418"]
        assert uris == kept
        assert not [
            f for f in check_pdf(Path(name), data=data).findings if f.code == "active-content"
        ]


def test_an_exempt_items_pdf_appended_by_a_public_item_is_refused_naming_both(meeting):
    folder = meeting / "content" / "sample"
    good_letter(folder / "letter.pdf")
    shutil.copy(folder / "letter.pdf", folder / "scores.pdf")  # a copy under another name
    exempt = (
        "  - number: 2\n    title: Kiosks contract award\n    exempt: 3\n"
        "    appendices:\n      - title: Tender scores\n        pdf: scores.pdf\n"
    )
    (folder / "meeting.yaml").write_text(MEETING + exempt)
    before = _packs(meeting)
    try:
        ran = run_child("pack", "content/sample", cwd=meeting)
    finally:
        (folder / "meeting.yaml").write_text(MEETING)
    assert_bounded(ran, 1)
    assert re.search(
        r"meeting\.yaml:13:\d+: error: item 1, appendix 1 \(The letter\) is also "
        r"appendix 1 of item 2, which is exempt \(paragraph 3 of Schedule 12A\): it "
        r"would be published in the public pack \[exempt-in-public\]",
        ran.err,
    ), ran.err
    assert _packs(meeting) == before


def test_an_object_stream_bomb_is_stopped_at_the_memory_limit(tmp_path):
    """qpdf must inflate an object stream to open the file: nothing can measure it first,
    so it is the memory limit that stops it, from outside, naming the limit."""
    path = object_stream_bomb(tmp_path / "objects.pdf")
    ran = run_child("check", path.name, "--max-memory", "300", cwd=tmp_path)
    assert_bounded(ran, 1)
    assert ran.err == (
        "publication: stopped: a process needed more than 300 MB of memory (--max-memory); "
        "the previous output is unchanged\n"
    )


# -- the pack cache: every file a document is made from is in its key ------------------

CACHED_MEETING = (
    MEETING_HEAD
    + """\
  - number: 1
    title: Library visits
    report:
      report_of: Director of Communities
      recommendations: [That the committee notes the figures.]
      sections:
        - title: Visits
          icon: icon.svg
          file: visits.md
          blocks:
            - figure: {image: figure.png, alt: Visits by library, caption: Visits by library}
    appendices:
      - {title: A letter, pdf: letter.pdf}
  - number: 2
    title: Kiosks contract award
    exempt: 3
    appendices:
      - {title: The strategy, publication: strategy}
"""
)
STRATEGY = """\
title: A sample strategy
organisation: Exampleton Borough Council
language: en-GB
logo: {image: logo.png, alt: Exampleton Borough Council}
sections:
  - title: Our aims
    text: A sample aim, for testing.
"""
ICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        '<circle cx="5" cy="5" r="{}"/></svg>')  # fmt: skip


def _image(path: Path, width: int, height: int) -> None:
    Image.new("RGB", (width, height), (20, 60, 120)).save(path)


def _image_sizes(path: Path) -> set[tuple[int, int]]:
    with pikepdf.open(path) as pdf:
        return {
            (int(xobject.Width), int(xobject.Height))
            for page in pdf.pages
            for xobject in page.get_images().values()
        }


@pytest.fixture
def cached_meeting(tmp_path, monkeypatch):
    """A meeting using an image of each kind, an appended PDF and a publication; with
    the stylesheets in a copy, to be edited while the same process runs on."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    for module in ("typeset.html", "stages", "packs.assemble", "packs.documents"):
        monkeypatch.setattr(f"publication.{module}.STYLES_DIR", tmp_path / "styles")
    folder = tmp_path / "content" / "sample"
    folder.mkdir(parents=True)
    (folder / "meeting.yaml").write_text(CACHED_MEETING)
    (folder / "visits.md").write_text("Visits rose.\n\n![Visits by month](chart.png)\n")
    (folder / "icon.svg").write_text(ICON.format(4))
    _image(folder / "chart.png", 40, 30)
    _image(folder / "figure.png", 60, 40)
    good_letter(folder / "letter.pdf")
    strategy = tmp_path / "content" / "strategy"
    strategy.mkdir()
    (strategy / "publication.yaml").write_text(STRATEGY)
    _image(strategy / "logo.png", 50, 20)
    return tmp_path


def _pack() -> tuple[int, dict[str, bytes]]:
    made = run_cli("pack", "content/sample", "--cache", "cache")
    assert made.code == 0, made.err
    counted = re.search(r"(\d+) document\(s\) made", made.out)
    count = int(counted.group(1)) if counted else 0  # else the packs were found whole
    return count, {p.name: p.read_bytes() for p in Path("build/sample").glob("*-pack.pdf")}


def _forget_whole_packs() -> None:
    """The packs are kept whole by the tool's fingerprint, which covers the real styles/,
    not the copy these tests edit: forget them, so that what is tested is each
    document's own record of the stylesheets it read."""
    for public in Path("cache/packs").glob("*.public-pack.pdf"):
        key = public.name.split(".")[0]
        for path in Path("cache/packs").glob(f"{key}.*"):
            path.unlink()


def test_a_cold_and_a_warm_pack_are_the_same_and_every_source_file_counts(cached_meeting):
    folder = cached_meeting / "content" / "sample"
    cold_count, cold = _pack()
    assert cold_count == 4  # report, notice, letter, strategy
    warm_count, warm = _pack()
    assert (warm_count, warm) == (0, cold)
    assert not (cached_meeting / "build" / "strategy").exists()  # exempt: in the full pack only
    public, full = (Path("build/sample") / f"sample-{k}-pack.pdf" for k in ("public", "full"))
    assert {(40, 30), (60, 40)} <= _image_sizes(public)
    assert (50, 20) in _image_sizes(full) and (50, 20) not in _image_sizes(public)

    changes = {
        "a Markdown image": lambda: _image(folder / "chart.png", 41, 30),
        "a figure": lambda: _image(folder / "figure.png", 61, 40),
        "an icon": lambda: (folder / "icon.svg").write_text(ICON.format(3)),
        "a logo": lambda: _image(cached_meeting / "content/strategy/logo.png", 51, 20),
        "an appended PDF": lambda: (
            good_letter(folder / "letter.pdf") and tagged_pdf(2)[0].save(folder / "letter.pdf")
        ),
    }
    packs = cold
    for what, change in changes.items():
        change()
        count, again = _pack()
        assert count == 1, what
        assert again != packs, what
        packs = again
    assert (41, 30) in _image_sizes(public) and (61, 40) in _image_sizes(public)
    assert (51, 20) in _image_sizes(full)

    with (cached_meeting / "styles" / "print.css").open("a") as css:
        css.write("\n/* edited */\n")
    _forget_whole_packs()
    count, mixed = _pack()
    assert count == 3  # everything but the appended PDF
    assert _pack() == (0, mixed)  # made from the cache in part, or in whole: the same


SECTIONS = "".join(
    f"  - title: Section {n}\n    new_page: false\n"
    f"    text: A short paragraph for section {n}, saying a little about it.\n"
    for n in range(1, 41)
)


@pytest.fixture
def short_sections(tmp_path):
    """Forty short sections that do not start new pages: body text fills each page down
    to its bottom margin, where the old check saw running footers."""
    folder = tmp_path / "content" / "short"
    folder.mkdir(parents=True)
    (folder / "publication.yaml").write_text(
        "title: Forty short sections\norganisation: Exampleton Borough Council\n"
        f"language: en-GB\nsections:\n{SECTIONS}"
    )
    made = run_cli("build", str(folder), "--edition", "standard", "--out", str(tmp_path / "build"))
    assert made.code == 0, made.err
    return tmp_path


def test_ordinary_text_near_the_bottom_margin_is_not_taken_for_a_footer(short_sections):
    pdf = short_sections / "build" / "short" / "short.pdf"
    report = check_pdf(pdf)
    assert not report.findings, [str(f) for f in report.findings]


def _tagged_text_near_the_foot(path: Path, lines: list[bytes]) -> None:
    """A PDF whose every page shows one line of tagged text 20 pt above its foot."""
    with pikepdf.new() as pdf:
        font = pdf.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                               BaseFont=pikepdf.Name.Helvetica)
        )  # fmt: skip
        for line in lines:
            pdf.add_blank_page(page_size=(595, 842))
            page = pdf.pages[-1]
            page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
            page.Contents = pdf.make_stream(
                b"/P <</MCID 0>> BDC BT /F1 12 Tf 72 20 Td (" + line + b") Tj ET EMC"
            )
        pdf.save(path)


def test_only_the_same_text_at_one_height_page_after_page_is_taken_for_furniture(tmp_path):
    body, footer = tmp_path / "body.pdf", tmp_path / "footer.pdf"
    _tagged_text_near_the_foot(body, [f"the last line of page {n}".encode() for n in range(6)])
    _tagged_text_near_the_foot(footer, [b"Exampleton Borough Council"] * 6)
    codes = {f.code for f in check_pdf(body).findings}
    assert "furniture-tagged" not in codes
    assert "furniture-tagged" in {f.code for f in check_pdf(footer).findings}


def test_a_finding_no_author_can_act_on_is_the_tools_fault_not_theirs(tmp_path):
    source = SourceLocation(tmp_path / "publication.yaml", 1)
    report = Report(tmp_path / "x.pdf")
    report.findings.append(Finding("error", "furniture-tagged", None, "", "tagged", "artifacts"))
    with pytest.raises(ToolFault, match="fault in publication, not in the content"):
        report_findings(report, "the standard PDF", source, Diagnostics())
    report.findings[:] = [Finding("error", "font-size", 2, "", "text at 9 pt", "size it up")]
    diagnostics = Diagnostics()
    report_findings(report, "the standard PDF", source, diagnostics)
    assert [d.code for d in diagnostics.errors] == ["pdf-ua-font-size"]
