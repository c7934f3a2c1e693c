"""``publication import``: a Word document in, our content format (YAML, Markdown,
pictures) out, for an author who wants to keep the text as plain files."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from publication.cli.common import EXIT_CONTENT, EXIT_OK, add_limits, add_verbosity, tell
from publication.diagnostics import Diagnostics
from publication.errors import UsageError
from publication.output import write_atomically
from publication.source.filetypes import file_kind, not_word_hint

__all__ = ["add_parser", "execute"]

DESCRIPTION = """\
Write a Word document (.docx, Word 2007 or later) as a publication in our content
format: a publication.yaml, a Markdown file for each passage of prose, and the
pictures, in a new folder (default: beside the document, named after it).
Headings become sections, tables table blocks, pictures figures with Word's alt
text. Tracked changes are taken as accepted, and comments, hidden text and the
document's properties (author, company ...) are left out; each is reported.
"""


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "import",
        help="write a Word document as YAML, Markdown and pictures",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("document", type=Path, metavar="DOCUMENT.docx")
    parser.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="the new folder to write (default: the document's name, beside it)",
    )
    add_verbosity(parser)
    add_limits(parser)


def execute(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    # Here, not above: the Word reader is a twentieth of a second to import, which
    # every other command (a build found in the cache above all) would pay for nothing.
    from publication.source.word.importing import import_word

    path: Path = args.document
    folder: Path = args.out or path.with_suffix("")
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    kind = file_kind(path)
    if kind not in ("a Word document (.docx)", "a zip archive"):
        raise UsageError(f"{path} is {kind or 'not a Word document'}: {not_word_hint(kind)}")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(f"{folder} already exists and is not empty: give a new folder with --out")
    diagnostics = Diagnostics()
    imported = import_word(path, folder, diagnostics)
    if imported is None or diagnostics.errors:
        tell(diagnostics.items, err, args.quiet)
        print(f"{path}: nothing written", file=err)
        return EXIT_CONTENT
    tell(diagnostics.items, err, args.quiet)
    write_atomically({folder / name: data for name, data in imported.files.files.items()})
    if not args.quiet:
        count = len(imported.files.files)
        print(f"wrote {folder}/publication.yaml and {count - 1} other file(s)", file=out)
        print(
            f"next: add 'organisation: ...' to {folder}/publication.yaml, then "
            f"'publication build {folder}'",
            file=out,
        )
    return EXIT_OK
