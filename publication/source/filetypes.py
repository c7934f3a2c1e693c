"""What kind of file an author gave, told from its first bytes, so that a Word
document where Markdown or a PDF belongs gets a message about Word documents,
not about text encodings or damaged PDFs.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["file_kind", "kind_of", "not_markdown_hint", "not_pdf_hint"]

_OFFICE_ZIPS = {
    ".docx": "a Word document (.docx)",
    ".xlsx": "an Excel workbook (.xlsx)",
    ".pptx": "a PowerPoint presentation (.pptx)",
    ".odt": "an OpenDocument text file (.odt)",
    ".ods": "an OpenDocument spreadsheet (.ods)",
}


def kind_of(path: Path, head: bytes) -> str:
    """What the file is, in words ('a Word document (.docx)'), or '' if it may be text."""
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF-"):
        return "a PDF"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "an old-style Word or Office document (.doc)"
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


def not_markdown_hint(kind: str) -> str:
    """How to turn a file of ``kind`` into the Markdown a section's ``file:`` takes."""
    if "Word" in kind or "OpenDocument text" in kind or "Rich Text" in kind:
        return (
            "a section's file must be Markdown (.md): save the document as plain text "
            "(.txt, UTF-8) and name it .md, or paste its text under 'text: |'"
        )
    if kind == "an image":
        return "put an image in a figure block: '- figure: {image: ..., alt: ...}'"
    return "a section's file must be Markdown text (.md), saved as UTF-8"


def not_pdf_hint(kind: str) -> str:
    """How to turn a file of ``kind`` into the PDF an appendix's ``pdf:`` takes."""
    if "Word" in kind or "OpenDocument" in kind or "Rich Text" in kind:
        return (
            "an appendix's pdf: must be a PDF: export it from the word processor as PDF "
            "(File > Save As > PDF), or give its content as sections"
        )
    if kind == "an image":
        return "give an image as 'image:' with 'alt:' instead of 'pdf:'"
    return "an appendix's pdf: must be a PDF file (.pdf)"
