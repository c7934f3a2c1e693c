"""Word documents read into the model: structure from styles, prose as Markdown,
located findings a clerk can act on, and a .docx refused when it is hostile.
Documents are made with python-docx in each test; nothing here typesets."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import pytest
import wordfiles
from conftest import run_cli
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from wordfiles import Options

from publication.diagnostics import Diagnostics
from publication.source.assets import poor_alt_text
from publication.source.load import load_publication
from publication.source.markup import render_fragments
from publication.source.meeting import validate_meeting
from publication.source.model import Figure, Prose, Table
from publication.source.validate import validate_publication

PUBLICATION = """\
title: Library opening hours
organisation: Exampleton Borough Council
language: en-GB
sections:
  - title: The proposal
    file: report.docx
"""
MEETING = (
    wordfiles.MEETING_HEAD
    + """\
EXEMPT
    report:
      report_of: Director of Communities
      docx: report.docx
"""
)


def _publication(tmp_path: Path, options: Options | None = None, yaml: str = PUBLICATION):
    folder = tmp_path / "content" / "hours"
    folder.mkdir(parents=True)
    wordfiles.report(folder / "report.docx", options)
    (folder / "publication.yaml").write_text(yaml, "utf-8")
    diagnostics = Diagnostics()
    raw = load_publication(folder, diagnostics, out_dir=tmp_path / "build")
    model = validate_publication(raw, diagnostics) if raw else None
    return model, diagnostics


def _messages(diagnostics: Diagnostics) -> list[str]:
    return [str(d) for d in diagnostics.items]


def test_headings_become_sections_under_the_one_that_names_the_document(tmp_path):
    model, diagnostics = _publication(tmp_path)
    assert not diagnostics.items, _messages(diagnostics)
    (proposal,) = model.sections
    assert proposal.level == 2
    assert [(s.title, s.level) for s in proposal.sections] == [
        ("Recommendations", 3), ("Financial implications", 3), ("Map", 3),
    ]  # fmt: skip
    finance = proposal.sections[1]
    assert [(s.title, s.level) for s in finance.sections] == [("Branches affected", 4)]
    # The Title paragraph is not the section's title, so it is kept, as a paragraph
    assert [b.text.source for b in proposal.blocks] == ["Library opening hours\n"]


def test_prose_lists_footnotes_links_and_emphasis_as_markdown(tmp_path):
    model, _ = _publication(tmp_path)
    recommendations, finance, _map = model.sections[0].sections
    assert recommendations.blocks[0].text.source == (
        "1. That the committee agrees the new opening hours.\n"
        "2. That the committee asks for a review in a year.\n"
    )
    source = finance.blocks[0].text.source
    assert "The change saves **£12,000** a year, as *the budget* sets out[^footnote-1]." in source
    assert "[the 2026 budget](<https://www.exampleton.example/budget>)" in source
    assert source.endswith(f"[^footnote-1]: {wordfiles.FOOTNOTE}\n")
    branches = finance.sections[0]
    assert branches.blocks[0].text.source == (
        "- Central Library\n  - Saturday mornings\n- Riverside Library\n"
    )
    fragments = render_fragments(model, Diagnostics())
    html = fragments[finance.blocks[0].text]
    assert "<strong>£12,000</strong>" in html and "<em>the budget</em>" in html
    assert 'class="footnote-item"' in html


def test_a_table_with_a_repeated_header_row_and_a_captioned_figure(tmp_path):
    model, _ = _publication(tmp_path)
    branches = model.sections[0].sections[1].sections[0]
    table = next(b for b in branches.blocks if isinstance(b, Table))
    assert table.caption == "Table 1: Weekly hours by branch"
    assert table.header_row
    assert [[c.source for c in row] for row in table.rows] == [
        ["Branch", "Now", "From April"], ["Central", "60", "56"], ["Riverside", "40", "38"],
    ]  # fmt: skip
    (figure,) = model.sections[0].sections[2].blocks
    assert isinstance(figure, Figure)
    assert figure.image.alt == "Map of the two branches beside the river"
    assert figure.width == "medium"  # 8 cm of a 16 cm text width
    assert figure.image.path.is_relative_to(tmp_path / "build" / "hours" / ".cache")
    assert figure.image.path.parent in model.asset_roots


def test_what_a_reader_of_the_word_file_does_not_see_is_never_in_the_model(tmp_path):
    options = Options(tracked=True, comment=True, hidden=True, white=True)
    model, diagnostics = _publication(tmp_path, options)
    assert model is not None
    everything = repr(model)
    for secret in (wordfiles.DELETED, wordfiles.COMMENT, wordfiles.HIDDEN, wordfiles.AUTHOR):
        assert secret not in everything
    assert wordfiles.TRACKED_INSERTION in everything  # printed as if accepted
    codes = {d.code for d in diagnostics.errors}
    assert {"word-insertion", "word-deletion", "word-comment", "word-hidden", "word-white"} <= codes


def test_each_finding_names_the_paragraph_as_a_clerk_finds_it_in_word(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    options = Options(skipped_level=True, fake_heading=True, picture_without_alt=True)
    _, diagnostics = _publication(tmp_path, options)
    messages = _messages(diagnostics)
    assert (
        'content/hours/report.docx: paragraph 7 "Branches affected": warning: Heading 3 '
        "follows Heading 1 and skips a level [word-heading-skip]\n"
        "  how to fix: in Word: give it the style Heading 2"
    ) in messages
    fake = next(m for m in messages if "[word-fake-heading]" in m)
    assert fake.startswith('content/hours/report.docx: paragraph 11 "Staffing": warning:')
    missing = next(d for d in diagnostics.errors if d.code == "alt-missing")
    assert "View Alt Text" in missing.hint and "Mark as decorative" in missing.hint


def test_leaks_are_errors_in_a_public_item_and_warnings_in_an_exempt_one(tmp_path):
    options = Options(tracked=True, comment=True, hidden=True)
    for exempt in (False, True):
        folder = tmp_path / str(exempt) / "content" / "meeting"
        folder.mkdir(parents=True)
        wordfiles.report(folder / "report.docx", options)
        text = MEETING.replace("EXEMPT\n", "    exempt: 3\n" if exempt else "")
        (folder / "meeting.yaml").write_text(text, "utf-8")
        diagnostics = Diagnostics()
        meeting = validate_meeting(
            load_publication(folder, diagnostics, "meeting.yaml"), diagnostics
        )
        leaks = [d for d in diagnostics.items if d.code in ("word-deletion", "word-comment")]
        assert len(leaks) == 2
        assert all(d.level.value == ("warning" if exempt else "error") for d in leaks)
        # The Title paragraph says the item's title again: left out, so no untitled opening
        assert meeting.items[0].sections[0].title == "Recommendations"


def test_a_decorative_picture_needs_no_alt_text_and_a_bold_first_row_is_a_header(tmp_path):
    def extras(document):
        document.add_picture(wordfiles.picture("silver"), width=wordfiles.Cm(3))
        wordfiles.alt_text(document, "", decorative=True)
        made = wordfiles.table(document, [["Ward", "Visits"], ["North", "1,200"]])
        for cell in made.rows[0].cells:
            cell.paragraphs[0].runs[0].bold = True

    model, diagnostics = _publication(tmp_path, Options(extra=[extras]))
    assert not diagnostics.errors, _messages(diagnostics)
    blocks = model.sections[0].sections[2].blocks
    assert blocks[1].image.decorative and blocks[1].width == "narrow"
    assert blocks[2].header_row
    assert [d.code for d in diagnostics.warnings] == ["word-table-caption"]


def test_tables_without_headers_merged_cells_and_layout_tables_are_told(tmp_path):
    def extras(document):
        plain = wordfiles.table(document, [["North", "1"], ["South", "2"]])
        merged = wordfiles.table(document, [["Ward", "2025", ""], ["North", "1", "2"]],
                                 repeat_header=True)  # fmt: skip
        merged.cell(0, 1).merge(merged.cell(0, 2))
        layout = wordfiles.table(document, [["Opening hours"], ["Ask at the desk"]])
        del plain, layout

    model, diagnostics = _publication(tmp_path, Options(extra=[extras]))
    codes = [d.code for d in diagnostics.warnings]
    assert codes.count("word-table-header") == 1
    assert codes.count("word-merged-cells") == 1
    assert codes.count("word-layout-table") == 1
    blocks = model.sections[0].sections[2].blocks
    merged = blocks[2]
    assert [c.source for c in merged.rows[0]] == ["Ward", "2025", "2025"]
    assert blocks[3].text.source == "Opening hours\n\nAsk at the desk\n"


def test_a_report_from_word_takes_no_recommendations_in_yaml(tmp_path):
    folder = tmp_path / "content" / "meeting"
    folder.mkdir(parents=True)
    wordfiles.report(folder / "report.docx")
    text = MEETING.replace("EXEMPT\n", "").replace(
        "      docx: report.docx\n", "      docx: report.docx\n      recommendations: [Agree]\n"
    )
    (folder / "meeting.yaml").write_text(text, "utf-8")
    diagnostics = Diagnostics()
    validate_meeting(load_publication(folder, diagnostics, "meeting.yaml"), diagnostics)
    (error,) = diagnostics.errors
    assert error.code == "docx-and-yaml" and "put the recommendations" in error.hint


@pytest.mark.parametrize(
    ("name", "head", "words"),
    [
        ("report.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "save it as a Word Document (.docx)"),
        ("report.odt", b"PK\x03\x04", "LibreOffice Writer and save it as Word 2007-365 (.docx)"),
        ("report.pdf", b"%PDF-1.7", "a PDF can be an appendix ('pdf:'), not a section's file"),
    ],
)
def test_a_file_we_cannot_read_names_what_we_can_and_how_to_convert_it(project, name, head, words):
    root = project("minimal")
    folder = root / "content" / "minimal"
    (folder / name).write_bytes(head + bytes(60))
    yaml = folder / "publication.yaml"
    yaml.write_text(yaml.read_text().replace("hours.md", name))
    result = run_cli("build")
    assert result.code == 1
    assert words in result.err
    assert ".docx, Word 2007 or later" in result.err or "Word 2007-365" in result.err


def _docx_with(
    tmp_path: Path, parts: dict[str, bytes], method=zipfile.ZIP_DEFLATED, source: Path | None = None
) -> Path:
    """A report with some of its parts replaced or added, zipped again."""
    source = source or wordfiles.report(tmp_path / "source.docx")
    target = tmp_path / "content" / "hours" / "report.docx"
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", method) as made:
        for info in original.infolist():
            made.writestr(info.filename, parts.pop(info.filename, original.read(info)))
        for name, data in parts.items():
            made.writestr(name, data)
    (target.parent / "publication.yaml").write_text(PUBLICATION, "utf-8")
    return target


def _read_problem(path: Path) -> str:
    diagnostics = Diagnostics()
    raw = load_publication(path.parent, diagnostics, out_dir=path.parent.parent.parent / "b")
    if raw is not None:
        validate_publication(raw, diagnostics)
    return "\n".join(_messages(diagnostics))


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    bomb = _docx_with(tmp_path, {"word/media/big.bin": bytes(20 * 2**20)})
    assert "(the file may be a zip bomb)" in _read_problem(bomb)


def test_a_part_larger_than_its_zip_entry_declares_is_refused(tmp_path):
    path = _docx_with(tmp_path, {}, zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    name = b"word/document.xml"
    for header, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local, central
        start = data.find(header + b"")
        while start != -1:
            name_at = start + (30 if header == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                declared = struct.unpack_from("<I", data, start + size_at)[0]
                struct.pack_into("<I", data, start + size_at, declared // 2)
            start = data.find(header, start + 4)
    path.write_bytes(bytes(data))
    assert "'report.docx' cannot be read: part word/document.xml is damaged" in _read_problem(path)


def test_xml_that_declares_entities_is_refused(tmp_path):
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    )
    path = _docx_with(tmp_path, {"word/document.xml": laughs})
    assert "declares a DTD, which Word never writes" in _read_problem(path)


def test_a_picture_too_large_to_decode_is_refused_from_its_header(tmp_path):
    png = _png_claiming(8000, 6000)

    def extras(document):
        document.add_picture(wordfiles.picture(), width=wordfiles.Cm(3))
        wordfiles.alt_text(document, "A chart of visits")

    folder = tmp_path / "content" / "hours"
    folder.mkdir(parents=True)
    wordfiles.report(tmp_path / "source.docx", Options(extra=[extras]))
    with zipfile.ZipFile(tmp_path / "source.docx") as original:
        pictures = sorted(n for n in original.namelist() if n.startswith("word/media/"))
    path = _docx_with(tmp_path, {pictures[-1]: png})
    del path
    assert "8000 by 6000 pixels; we print pictures up to 40 megapixels" in _read_problem(
        folder / "report.docx"
    )


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header says it is ``width`` by ``height``, with hardly any data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0"))
        + (chunk(b"IEND", b""))
    )


def test_import_writes_content_that_builds_the_same_publication(tmp_path):
    docx = wordfiles.report(tmp_path / "report.docx", Options(fake_heading=True))
    out = tmp_path / "content" / "imported"
    result = run_cli("import", str(docx), "--out", str(out))
    assert result.code == 0, result.err
    assert "[word-fake-heading]" in result.err
    assert sorted(p.name for p in out.iterdir()) == [
        "branches-affected.md", "financial-implications.md", "map-picture.png",
        "publication.yaml", "recommendations.md",
    ]  # fmt: skip
    yaml = (out / "publication.yaml").read_text()
    assert wordfiles.AUTHOR not in yaml and "title: Library opening hours" in yaml
    (out / "publication.yaml").write_text("organisation: Exampleton Borough Council\n" + yaml)
    diagnostics = Diagnostics()
    imported = validate_publication(load_publication(out, diagnostics), diagnostics)
    assert not diagnostics.errors, _messages(diagnostics)
    from_word, _ = _publication(tmp_path / "word", Options(fake_heading=True))
    assert _outline(imported.sections) == _outline(from_word.sections[0].sections)
    again = run_cli("import", str(docx), "--out", str(out))
    assert again.code == 1 and "already exists and is not empty" in again.err


def _outline(sections) -> list:
    found = []
    for section in sections:
        texts = [b.text.source for b in section.blocks if isinstance(b, Prose)]
        found.append((section.title, texts, _outline(section.sections)))
    return found


def test_text_boxes_are_read_after_their_paragraph_and_told(tmp_path):
    def extras(document):
        paragraph = document.add_paragraph("Opening times are on the door.")
        paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:pict><v:shape '
            'xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent><w:p><w:r>'
            "<w:t>Call 01632 960 000 to book a computer.</w:t></w:r></w:p></w:txbxContent>"
            "</v:textbox></v:shape></w:pict></w:r>"))  # fmt: skip

    model, diagnostics = _publication(tmp_path, Options(extra=[extras]))
    (warning,) = [d for d in diagnostics.warnings if d.code == "word-text-box"]
    assert str(warning.location).endswith('paragraph 23 "Opening times are on the door."')
    prose = model.sections[0].sections[2].blocks[-1].text.source
    assert prose == "Opening times are on the door.\n\nCall 01632 960 000 to book a computer.\n"


def test_lists_word_labels_otherwise_keep_their_labels_as_text(tmp_path):
    def extras(document):
        numbers = wordfiles.word_list(document, "number", start=3)
        for level, text in ((0, "Libraries"), (1, "Opening hours"), (1, "Staffing")):
            wordfiles.numbered(document, text, level, numbers)

    model, _ = _publication(tmp_path, Options(extra=[extras]))
    source = model.sections[0].sections[2].blocks[-1].text.source
    assert source == "3. Libraries\n\n   a) Opening hours\n\n   b) Staffing\n"


@pytest.mark.parametrize(
    ("limit", "value", "words"),
    [
        ("WORD_MAX_PARTS", 5, "the file has 19 parts; a Word document has far fewer"),
        ("WORD_MAX_BYTES", 1000, "the Word document is 0 MB; the largest we read is 0 MB"),
    ],
)
def test_a_word_document_beyond_our_limits_is_refused(tmp_path, monkeypatch, limit, value, words):
    monkeypatch.setattr(f"publication.source.word.package.{limit}", value)
    _, diagnostics = _publication(tmp_path)
    (error,) = diagnostics.errors
    assert error.code == "word-unreadable" and words in error.message


def test_a_report_given_as_an_old_word_document_says_how_to_save_it(tmp_path):
    folder = tmp_path / "content" / "meeting"
    folder.mkdir(parents=True)
    (folder / "report.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    text = MEETING.replace("EXEMPT\n", "").replace("report.docx", "report.doc")
    (folder / "meeting.yaml").write_text(text, "utf-8")
    diagnostics = Diagnostics()
    validate_meeting(load_publication(folder, diagnostics, "meeting.yaml"), diagnostics)
    (error,) = diagnostics.errors
    assert error.message == (
        "'report.doc' is an old-style Word document (.doc), or one protected with a password, "
        "not a Word document (.docx)"
    )
    assert "save it as a Word Document (.docx) without a password" in error.hint


def test_alt_text_that_word_wrote_by_itself_is_questioned():
    written = "A picture containing map, river\n\nDescription automatically generated"
    assert "written by Word automatically" in poor_alt_text(written)
    assert poor_alt_text("Map of the two branches beside the river") == ""


CASES = 40


def test_a_damaged_or_hostile_document_gives_messages_never_a_crash(tmp_path):
    """Forty documents, each with its XML disturbed at random as a damaged or crafted
    file might be: values that are not numbers, elements missing or out of place."""
    from lxml import etree

    source = wordfiles.report(tmp_path / "source.docx", Options(tracked=True, comment=True))
    with zipfile.ZipFile(source) as original:
        document = original.read("word/document.xml")
        numbering = original.read("word/numbering.xml")
    rng = __import__("random").Random(15)
    junk = ("x", "-1", "99999999999", "", "restart", "auto", "FFFFFF", "%9%9")
    for case in range(CASES):
        part, data = (("word/document.xml", document), ("word/numbering.xml", numbering))[case % 2]
        root = etree.fromstring(data)
        elements = list(root.iter())
        for _ in range(6):
            if len(elements) < 3:
                break
            element = rng.choice(elements[1:])
            roll = rng.random()
            if roll < 0.5 and element.attrib:
                element.set(rng.choice(list(element.attrib)), rng.choice(junk))
            elif roll < 0.75 and element.getparent() is not None:
                element.getparent().remove(element)
            elif element.getparent() is not None:
                target = rng.choice(elements[:40])
                if element not in target.iterancestors() and target is not element:
                    target.append(element)
            elements = list(root.iter())
        folder = tmp_path / f"case-{case}"
        path = _docx_with(folder, {part: etree.tostring(root)}, source=source)
        problems = _read_problem(path)  # raises if reading crashed
        assert "Traceback" not in problems
