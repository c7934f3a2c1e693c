"""Word reports, appendices and chapters built into packs and publications, read back
with pypdf: the structure Word's styles gave, the text, the metadata, and nothing of
what the Word files hid (tracked deletions, comments, hidden text, the author)."""

from __future__ import annotations

import subprocess

import pytest
import wordfiles
from conftest import run_cli
from helpers import everything_in, outline_tree, page_texts, read_pdf, struct_elements
from wordfiles import Options

MEETING = (
    wordfiles.MEETING_HEAD
    + """\
    report:
      report_of: Director of Communities
      docx: report.docx
    appendices:
      - {title: Branch survey, docx: survey.docx}
  - number: 6
    title: Kiosks contract award
    exempt: 3
    report:
      report_of: Director of Communities
      docx: exempt.docx
"""
)
SECRETS = (wordfiles.DELETED, wordfiles.COMMENT, wordfiles.HIDDEN, wordfiles.AUTHOR)


def _survey(path):
    """An appendix with text before its first heading, as many are written."""

    def opening(document):
        body = document.element.body
        first = body[0]
        for text in ("Survey of 412 library users, October 2025.", "Results by question:"):
            paragraph = document.add_paragraph(text)
            first.addprevious(paragraph._p)

    return wordfiles.report(path, Options(extra=[opening]))


@pytest.fixture(scope="module")
def packs(tmp_path_factory):
    root = tmp_path_factory.mktemp("word-packs")
    folder = root / "content" / "meeting"
    folder.mkdir(parents=True)
    wordfiles.report(folder / "report.docx")
    _survey(folder / "survey.docx")
    exempt = Options(tracked=True, comment=True, hidden=True, white=True)
    wordfiles.report(folder / "exempt.docx", exempt)
    (folder / "meeting.yaml").write_text(MEETING, "utf-8")
    result = run_cli("pack", str(folder), "--out", str(root / "build"))
    assert result.code == 0, result.err
    out = root / "build" / "meeting"
    return {"public": out / "meeting-public-pack.pdf", "full": out / "meeting-full-pack.pdf",
            "result": result}  # fmt: skip


def test_pictures_out_of_the_word_reports_stay_in_the_cache_not_beside_the_packs(packs):
    written = sorted(p.name for p in packs["public"].parent.rglob("*") if p.is_file())
    assert written == ["meeting-full-pack.pdf", "meeting-public-pack.pdf"]  # exempt's too


def test_an_exempt_reports_leaks_are_warnings_naming_the_paragraph(packs):
    err = packs["result"].err
    assert 'exempt.docx: paragraph 7 "The saving is subject to the final…": warning: a tracked' in (
        err
    )
    assert "[word-comment]" in err and "[word-hidden]" in err and "error" not in err


def test_the_word_report_has_the_structure_its_styles_gave(packs):
    reader = read_pdf(packs["public"])
    kinds = [str(e["/S"]) for e in struct_elements(reader)]
    for kind in ("/H2", "/H3", "/L", "/LI", "/Lbl", "/LBody", "/Table", "/TH", "/TD",
                 "/Caption", "/Figure", "/Note", "/Link"):  # fmt: skip
        assert kind in kinds, kind
    headers = [e for e in struct_elements(reader) if e["/S"] == "/TH"]
    assert all(e["/A"]["/Scope"] == "/Column" for e in headers)
    alts = [str(e.get("/Alt")) for e in struct_elements(reader) if e["/S"] == "/Figure"]
    assert alts.count("Map of the two branches beside the river") == 2  # report and appendix
    tree = subprocess.run(["pdfinfo", "-struct-text", str(packs["public"])],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert 'H2 (block)\n          "Financial implications"' in tree
    assert 'H3 (block)\n            "Branches affected"' in tree


def test_the_appendix_opens_with_its_text_before_the_first_heading(packs):
    reader = read_pdf(packs["public"])
    outline = {b.title: [c.title for c in b.children] for b in outline_tree(reader)}
    assert outline["Item 4: Library opening hours"] == ["Appendix 1: Branch survey"]
    text = " ".join(page_texts(reader))
    opening = text.index("Item 4, Appendix 1: Branch survey")
    assert text.index("Survey of 412 library users", opening) < text.index(
        "Recommendations", opening
    )
    assert "Item 6: Kiosks contract award" in text and "This item is exempt" in text


def test_nothing_the_word_files_hid_is_in_either_pack(packs):
    public, full = everything_in(packs["public"]), everything_in(packs["full"])
    for secret in SECRETS:
        assert secret not in public, secret
        assert secret not in full, secret  # not even where the exempt report is printed
    assert wordfiles.WHITE not in public
    assert wordfiles.TRACKED_INSERTION in full and wordfiles.TRACKED_INSERTION not in public
    reader = read_pdf(packs["public"])
    assert reader.metadata.author == "Exampleton Borough Council"


def test_a_public_report_with_tracked_changes_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "content" / "meeting"
    folder.mkdir(parents=True)
    wordfiles.report(folder / "report.docx", Options(tracked=True, comment=True))
    _survey(folder / "survey.docx")
    wordfiles.report(folder / "exempt.docx")
    (folder / "meeting.yaml").write_text(MEETING, "utf-8")
    result = run_cli("pack", str(folder))
    assert result.code == 1
    assert (
        'content/meeting/report.docx: paragraph 8 "The hours were agreed with staff.": error: '
        "a comment is still in the document; comments are never printed [word-comment]\n"
        "  how to fix: in Word: Review > Delete > Delete All Comments in Document, then save"
    ) in result.err
    assert "no pack written" in result.err and not list(tmp_path.rglob("*.pdf"))


def test_a_chapter_from_word_in_a_publication(tmp_path):
    folder = tmp_path / "content" / "hours"
    folder.mkdir(parents=True)
    wordfiles.report(folder / "chapter.docx")
    (folder / "publication.yaml").write_text(
        "title: Library opening hours\norganisation: Exampleton Borough Council\n"
        "language: en-GB\nsections:\n  - title: Library opening hours\n    file: chapter.docx\n",
        "utf-8",
    )
    result = run_cli("build", str(folder), "--out", str(tmp_path / "build"))
    assert result.code == 0, result.err
    reader = read_pdf(tmp_path / "build" / "hours" / "hours.pdf")
    (cover,) = outline_tree(reader)
    chapter = cover.children[-1]
    assert chapter.title == "Library opening hours"
    assert [c.title for c in chapter.children] == [
        "Recommendations", "Financial implications", "Map",
    ]  # fmt: skip
    assert wordfiles.AUTHOR not in everything_in(tmp_path / "build" / "hours" / "hours.pdf")
    assert reader.metadata.author == "Exampleton Borough Council"
