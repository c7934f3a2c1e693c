"""What a careful clerk's checker says about a Word document, and how to fix it in Word.

Tracked changes, comments and text a reader of the Word file cannot see (hidden,
white, tiny) are how confidential words leak: in a document going into a public
pack or a publication they are errors, in an exempt item's they are warnings.
We never print deleted, hidden or commented words, but the clerk must know the
document is not the one they think they are publishing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation
from publication.source.word.document import Finding

__all__ = ["FINDINGS", "report_findings"]

SHOWN = 5  # places told one by one; the rest of the same kind are counted


@dataclass(frozen=True)
class Kind:
    leak: bool  # an error where the document is public
    message: str
    hint: str


FINDINGS = {
    "insertion": Kind(
        True,
        "a tracked change (an insertion) has not been accepted; it is printed as if accepted",
        "in Word: Review > Accept > Accept All Changes, then save",
    ),
    "deletion": Kind(
        True,
        "a tracked change (a deletion) has not been accepted; the deleted words are left out "
        "but are still in the file",
        "in Word: Review > Accept > Accept All Changes, then save",
    ),
    "format-change": Kind(
        True,
        "a tracked formatting change has not been accepted",
        "in Word: Review > Accept > Accept All Changes, then save",
    ),
    "comment": Kind(
        True,
        "a comment is still in the document; comments are never printed",
        "in Word: Review > Delete > Delete All Comments in Document, then save",
    ),
    "hidden": Kind(
        True,
        "hidden text; it is left out, but it is still in the file",
        "in Word: File > Info > Check for Issues > Inspect Document, and remove Hidden Text",
    ),
    "white": Kind(
        True,
        "white text, which a reader of the Word document cannot see; it would be printed in "
        "the normal colour",
        "delete it, or make it visible (Home > Font Color > Automatic)",
    ),
    "tiny": Kind(
        True,
        "text smaller than 6 point, which a reader cannot read; it would be printed at the "
        "normal size",
        "delete it, or give it the size of the text around it",
    ),
    "text-box": Kind(
        False,
        "text in a text box or shape; it is printed after this paragraph, where the box is "
        "anchored, and may be out of order",
        "cut the text out of the box and paste it where it should be read",
    ),
    "chart": Kind(
        False,
        "a chart is left out: we cannot print Word's charts",
        "give its figures as a table, or paste the chart as a picture (Paste Special > "
        "Picture) with alt text",
    ),
    "diagram": Kind(
        False,
        "a SmartArt diagram is left out: we cannot print it",
        "write its points as a list, or paste it as a picture with alt text",
    ),
    "shape": Kind(
        False,
        "a drawn shape is left out: we cannot print it",
        "paste it as a picture with alt text, or say in words what it showed",
    ),
    "object": Kind(
        False,
        "an embedded object (a spreadsheet or another file) is left out",
        "copy its content into the document as a table or text",
    ),
    "equation": Kind(
        False,
        "an equation is printed as plain text",
        "check that it reads correctly, or write it out in words",
    ),
    "linked-picture": Kind(
        False,
        "a picture linked to a file outside the document is left out",
        "insert the picture itself (Insert > Pictures > This Device), not a link to it",
    ),
    "link-local": Kind(
        False,
        "a link to a file on a computer or network drive is printed as text only",
        "link to the document's web address instead, or remove the link",
    ),
}


def report_findings(findings: list[Finding], public: bool, diagnostics: Diagnostics) -> None:
    """Each finding as a located message: errors for a public document's leaks, else warnings."""
    by_kind: dict[str, dict[SourceLocation, None]] = {}  # places in order, each once
    for finding in findings:
        by_kind.setdefault(finding.kind, {})[finding.where] = None
    for kind, seen in by_kind.items():
        places = list(seen)
        about = FINDINGS[kind]
        tell = diagnostics.error if about.leak and public else diagnostics.warning
        code = f"word-{kind}"
        for where in places[:SHOWN]:
            tell(where, code, about.message, about.hint)
        if len(places) > SHOWN:
            more = len(places) - SHOWN
            tell(
                SourceLocation(Path(places[0].path)),
                code,
                f"and {more} more place{'s' if more > 1 else ''} like this in the document",
                about.hint,
            )
