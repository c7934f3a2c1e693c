"""Word documents with a great many links, findings or odd nesting: read in time, never a crash.

Each case is made at test time with python-docx (see ``wordfiles.py``) and counts
the work done, or bounds the time generously, at a size that took seconds while
some part of the reading was done once per link or per place.
"""

from __future__ import annotations

import time
from pathlib import Path

import docx
import wordfiles

from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation
from publication.source.word import package
from publication.source.word.document import Finding
from publication.source.word.findings import SHOWN, report_findings
from publication.source.word.reader import read_word


def test_a_documents_relationships_are_read_once_however_many_links_it_has(tmp_path, monkeypatch):
    links = 300
    document = docx.Document()
    for n in range(links):
        paragraph = document.add_paragraph(f"Paper {n}: ")
        wordfiles.hyperlink(paragraph, f"https://www.exampleton.example/paper-{n}", "read it")
    path = tmp_path / "papers.docx"
    document.save(path)
    made = 0
    relationship = package.Relationship

    def counted(*args):
        nonlocal made
        made += 1
        return relationship(*args)

    monkeypatch.setattr(package, "Relationship", counted)
    read = read_word(path, Diagnostics(), SourceLocation(path))
    assert read is not None
    assert made < 2 * links  # once per relationship, not once per relationship per link


def test_many_findings_are_told_in_order_each_place_once_and_in_time():
    path = Path("report.docx")
    places = [SourceLocation(path, place=f'paragraph {n} "Hidden"') for n in range(5000)]
    findings = [Finding("hidden", where) for where in [*places, *places]]
    diagnostics = Diagnostics()
    started = time.perf_counter()
    report_findings(findings, True, diagnostics)
    assert time.perf_counter() - started < 1.0  # some seconds when each place was sought in all
    told = [item.location for item in diagnostics.errors]
    assert told == [*places[:SHOWN], SourceLocation(path)]
    assert diagnostics.errors[-1].message == (
        f"and {len(places) - SHOWN} more places like this in the document"
    )


def test_a_cell_holding_a_commented_empty_paragraph_then_a_table_is_read(tmp_path):
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    cell = outer.cell(0, 0)
    run = cell.paragraphs[0].add_run("")
    document.add_comment([run], text=wordfiles.COMMENT, author=wordfiles.AUTHOR, initials="MF")
    cell.add_table(1, 1).cell(0, 0).text = "Opening hours"
    outer.cell(0, 1).text = "Central Library"
    path = tmp_path / "nested.docx"
    document.save(path)
    read = read_word(path, Diagnostics(), SourceLocation(path))
    assert read is not None
    (table,) = read.blocks
    assert table.where.place == 'table 1 (paragraph 1) "Central Library"'
    (commented, inner) = table.rows[0].cells[0].blocks
    assert commented.text == "" and inner.rows[0].cells[0].blocks[0].text == "Opening hours"
    assert [finding.kind for finding in read.findings] == ["comment"]
