"""Word documents for the tests, made with python-docx as Word would save them.

python-docx writes what it has an API for (headings, lists, tables, pictures,
comments, hidden and coloured text, properties); the rest Word writes is added
as the XML Word writes: footnotes, hyperlinks, tracked changes, alt text,
'Repeat as header row', list levels.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, RGBColor
from PIL import Image

AUTHOR = "Marguerite Fairweather-Quist"  # a name that appears nowhere else
DELETED = "Kestrel Lane sale price of 2.4 million"
COMMENT = "Check the figures with Legal before this goes out"
HIDDEN = "Confidential: the preferred bidder is Corvid Holdings"
WHITE = "Note to self about the Heronsgate valuation"
TRACKED_INSERTION = "subject to the final survey"
FOOTNOTE = "Figures are for April to September 2025."
MEETING_HEAD = """\
council: Exampleton Borough Council
committee: Communities Scrutiny Committee
date: 2026-01-20
time: 6.30pm
venue: Town Hall
contact: {name: Sam Rivers, telephone: 01632 960 418, email: clerk@exampleton.example}
membership: [Councillor Ruth Okafor (Chair)]
items:
  - number: 4
    title: Library opening hours
"""


@dataclass
class Options:
    """What a report holds beyond its plain content (headings, lists, table, picture)."""

    tracked: bool = False
    comment: bool = False
    hidden: bool = False
    white: bool = False
    picture_without_alt: bool = False
    fake_heading: bool = False
    skipped_level: bool = False
    extra: list = field(default_factory=list)  # functions(document) run at the end


def picture(colour: str = "teal", size: tuple[int, int] = (120, 80)) -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", size, colour).save(data, "PNG")
    data.seek(0)
    return data


def report(path: Path, options: Options | None = None) -> Path:
    """A short council report, as a clerk would write it in Word."""
    options = options or Options()
    document = docx.Document()
    properties = document.core_properties
    properties.author = properties.last_modified_by = AUTHOR
    properties.title = f"Draft by {AUTHOR}"
    document.add_paragraph("Library opening hours", style="Title")
    document.add_heading("Recommendations", 1)
    recommendations = word_list(document, "number")
    numbered(document, "That the committee agrees the new opening hours.", 0, recommendations)
    numbered(document, "That the committee asks for a review in a year.", 0, recommendations)
    document.add_heading("Financial implications", 1)
    paragraph = document.add_paragraph("The change saves ")
    paragraph.add_run("£12,000").bold = True
    paragraph.add_run(" a year, as ")
    paragraph.add_run("the budget").italic = True
    paragraph.add_run(" sets out")
    footnote(document, paragraph, FOOTNOTE)
    paragraph.add_run(". See ")
    hyperlink(paragraph, "https://www.exampleton.example/budget", "the 2026 budget")
    paragraph.add_run(".")
    if options.tracked:
        tracked(document.add_paragraph("The saving is "), TRACKED_INSERTION, DELETED)
    if options.comment:
        commented = document.add_paragraph("The hours were agreed with staff.")
        document.add_comment(commented.runs, text=COMMENT, author=AUTHOR, initials="MF")
    if options.hidden:
        document.add_paragraph("Opening hours change in April. ").add_run(HIDDEN).font.hidden = True
    if options.white:
        white = document.add_paragraph("All branches are affected.")
        white.add_run(" " + WHITE).font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    heading_level = 3 if options.skipped_level else 2
    document.add_heading("Branches affected", heading_level)
    bulleted(document, "Central Library", 0)
    bulleted(document, "Saturday mornings", 1)
    bulleted(document, "Riverside Library", 0)
    if options.fake_heading:
        document.add_paragraph().add_run("Staffing").bold = True
        document.add_paragraph("Staff rotas change from April.")
    document.add_paragraph("Table 1: Weekly hours by branch", style="Caption")
    table(document, [["Branch", "Now", "From April"], ["Central", "60", "56"],
                     ["Riverside", "40", "38"]], repeat_header=True)  # fmt: skip
    document.add_heading("Map", 1)
    document.add_picture(picture(), width=Cm(8))
    alt_text(document, "Map of the two branches beside the river")
    if options.picture_without_alt:
        document.add_picture(picture("maroon"), width=Cm(4))
    for extra in options.extra:
        extra(document)
    document.save(path)
    return path


def numbered(document, text: str, level: int, num_id: int) -> None:
    list_paragraph(document.add_paragraph(text, style="List Paragraph"), level, num_id)


def bulleted(document, text: str, level: int) -> None:
    bullets = word_list(document, "bullet")
    list_paragraph(document.add_paragraph(text, style="List Paragraph"), level, bullets)


def word_list(document, kind: str, start: int = 1) -> int:
    """A list as Word makes one with its Bullets or Numbering button: nine levels,
    each indented further (Tab moves an item in). Returns its numId; one per kind."""
    numbering = document.part.numbering_part.element
    key = f"{kind}-{start}"
    made = getattr(document, "_test_lists", {})
    if key in made:
        return made[key]
    abstract_id = 100 + len(made)
    levels = "".join(
        f'<w:lvl w:ilvl="{n}"><w:start w:val="{start if n == 0 else 1}"/>'
        + (
            '<w:numFmt w:val="bullet"/><w:lvlText w:val="•"/>'
            if kind == "bullet"
            else f'<w:numFmt w:val="{"decimal" if n % 2 == 0 else "lowerLetter"}"/>'
            f'<w:lvlText w:val="%{n + 1}{"." if n % 2 == 0 else ")"}"/>'
        )
        + f'<w:pPr><w:ind w:left="{720 * (n + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
        for n in range(9)
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{levels}</w:abstractNum>'
    )
    numbering.insert(0, abstract)
    num_id = 100 + len(made)
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
            "</w:num>"
        )
    )
    made[key] = num_id
    document._test_lists = made
    return num_id


def list_paragraph(paragraph, level: int, num_id: int) -> None:
    """A list level as Word sets it when Tab is pressed in a list: on the paragraph."""
    numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numbering.get_or_add_ilvl().val = level
    numbering.get_or_add_numId().val = num_id


def table(document, rows: list[list[str]], repeat_header: bool = False):
    made = document.add_table(rows=len(rows), cols=len(rows[0]))
    made.style = "Table Grid"
    for row, values in zip(made.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    if repeat_header:
        made.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    return made


def alt_text(document, description: str, decorative: bool = False) -> None:
    """Word's Alt Text pane: the last picture's description, or 'Mark as decorative'."""
    frame = document.inline_shapes[-1]._inline
    frame.docPr.set("descr", description)
    if decorative:
        frame.docPr.append(
            parse_xml(
                '<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
                '<a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
                '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/'
                'decorative" val="1"/></a:ext></a:extLst>'
            )
        )


def hyperlink(paragraph, url: str, text: str) -> None:
    ident = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = parse_xml(
        f'<w:hyperlink {nsdecls("w", "r")} r:id="{ident}"><w:r><w:rPr>'
        f'<w:rStyle w:val="Hyperlink"/></w:rPr><w:t>{text}</w:t></w:r></w:hyperlink>'
    )
    paragraph._p.append(link)


def tracked(paragraph, inserted: str, deleted: str) -> None:
    """An insertion and a deletion with Track Changes on, not yet accepted."""
    mark = f'w:author="{AUTHOR}" w:date="2026-01-05T10:00:00Z"'
    paragraph._p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="901" {mark}><w:r><w:t xml:space="preserve">'
            f"{inserted} </w:t></w:r></w:ins>"
        )
    )
    paragraph._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="902" {mark}><w:r><w:delText>{deleted}</w:delText>'
            "</w:r></w:del>"
        )
    )


_FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def footnote(document, paragraph, text: str) -> None:
    """A footnote, with the footnotes part Word keeps them in (python-docx makes none)."""
    part = document.part
    existing = [r.target_part for r in part.rels.values() if r.reltype == RT.FOOTNOTES]
    if existing:
        notes = parse_xml(existing[0].blob)
    else:
        notes = parse_xml(
            f"<w:footnotes {nsdecls('w')}>"
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
            "</w:footnote>"
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
            "<w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>"
        )
    ident = len(notes.findall(qn("w:footnote"))) - 1
    notes.append(
        parse_xml(
            f'<w:footnote {nsdecls("w")} w:id="{ident}"><w:p><w:pPr><w:pStyle '
            'w:val="FootnoteText"/></w:pPr><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/>'
            f'</w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t>'
            "</w:r></w:p></w:footnote>"
        )
    )
    from lxml import etree

    blob = etree.tostring(notes, xml_declaration=True, encoding="UTF-8", standalone=True)
    if existing:
        existing[0]._blob = blob
    else:
        made = Part(PackURI("/word/footnotes.xml"), _FOOTNOTES_TYPE, blob, part.package)
        part.relate_to(made, RT.FOOTNOTES)
    paragraph._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{ident}"/></w:r>'
        )
    )
