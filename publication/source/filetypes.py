"""What kind of file an author gave, told from its first bytes, so that a file of
the wrong kind gets a message naming what it is and what we take instead: a
section's file is Markdown (.md) or Word (.docx, Word 2007 or later), an
appendix may also be a PDF; an old Word (.doc), OpenDocument (.odt) or Rich
Text file is told how to become a .docx.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "SECTION_FILES",
    "convert_hint",
    "file_kind",
    "kind_of",
    "not_markdown_hint",
    "not_pdf_hint",
    "not_word_hint",
]

SECTION_FILES = (
    "a section's file may be Markdown (.md, saved as UTF-8) or a Word document "
    "(.docx, Word 2007 or later)"
)
_OFFICE_ZIPS = {
    ".docx": "a Word document (.docx)",
    ".docm": "a macro-enabled Word document (.docm)",
    ".dotx": "a Word template (.dotx)",
    ".xlsx": "an Excel workbook (.xlsx)",
    ".pptx": "a PowerPoint presentation (.pptx)",
    ".odt": "an OpenDocument text file (.odt)",
    ".ods": "an OpenDocument spreadsheet (.ods)",
}
_OLD_WORD = "an old-style Word document (.doc), or one protected with a password"


def kind_of(path: Path, head: bytes) -> str:
    """What the file is, in words ('a Word document (.docx)'), or '' if it may be text."""
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF-"):
        return "a PDF"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _OLD_WORD
    if head.startswith(b"{\\rtf"):
        return "a Rich Text file (.rtf)"
    if head.startswith(b"PK\x03\x04"):
        return _OFFICE_ZIPS.get(suffix, "a zip archive")
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "an image"
    return ""


def file_kind(path: Path) -> str:
    """``kind_of`` a file on disk, reading only its first bytes."""
    with path.open("rb") as stream:
        return kind_of(path, stream.read(16))


def convert_hint(kind: str) -> str:
    """How to make a Word document (.docx) from a word processor's file of ``kind``,
    or '' if it is not one."""
    if kind == _OLD_WORD:
        return (
            "open it in Word and save it as a Word Document (.docx) without a password "
            "(File > Save As); in LibreOffice: File > Save As > Word 2007-365 (.docx)"
        )
    if "OpenDocument text" in kind:
        return "open it in LibreOffice Writer and save it as Word 2007-365 (.docx) (File > Save As)"
    if "Rich Text" in kind or "macro-enabled" in kind or "template" in kind:
        return "open it in Word and save it as a Word Document (.docx) (File > Save As)"
    return ""


def not_markdown_hint(kind: str) -> str:
    """How to turn a file of ``kind`` into what a section's ``file:`` takes."""
    if convert_hint(kind):
        return f"{convert_hint(kind)}; {SECTION_FILES}"
    if kind == "an image":
        return "put an image in a figure block: '- figure: {image: ..., alt: ...}'"
    if kind == "a PDF":
        return f"a PDF can be an appendix ('pdf:'), not a section's file; {SECTION_FILES}"
    return SECTION_FILES


def not_pdf_hint(kind: str) -> str:
    """How to turn a file of ``kind`` into what an appendix's ``pdf:`` takes."""
    if kind == _OFFICE_ZIPS[".docx"]:
        return "give a Word document as 'docx:' instead of 'pdf:'; it is printed as our own pages"
    if convert_hint(kind):
        return f"{convert_hint(kind)}, and give it as 'docx:' instead of 'pdf:'"
    if kind == "an image":
        return "give an image as 'image:' with 'alt:' instead of 'pdf:'"
    return "an appendix's pdf: must be a PDF file (.pdf); a Word document goes under 'docx:'"


def not_word_hint(kind: str) -> str:
    """How to turn a file of ``kind`` into what ``docx:`` takes."""
    if convert_hint(kind):
        return convert_hint(kind)
    if kind == "a PDF":
        return "give a PDF as an appendix's 'pdf:'; a report must be a Word document or YAML"
    return "give a Word document saved as .docx (Word 2007 or later)"
