"""``publication check``: any PDF in, its PDF/UA-1 findings out."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO

from publication.cli.common import EXIT_CONTENT, EXIT_OK, add_limits, limited

__all__ = ["add_parser", "execute"]

DESCRIPTION = """\
Check PDF files, ours or anyone's, against the failure conditions of PDF/UA-1
(the Matterhorn Protocol) that a program can test: tagging, headings, tables,
lists, figures and alt text, artifacts, fonts, language, title, bookmarks and
annotations; and anything drawn across a page's text block (its ArtBox) or,
where none is declared, off the paper. Every finding names the page and
element and says how to fix it.

exit codes: 0 no errors; 1 errors found, or a file that cannot be checked;
2 the tool itself failed (please report it)
"""


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "check",
        help="check PDF files for accessibility (PDF/UA-1)",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE.pdf")
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")
    parser.add_argument(
        "--min-font-size",
        type=float,
        metavar="N",
        help="also report any text smaller than N points",
    )
    add_limits(parser)
    parser.add_argument("-v", "--verbose", action="store_true", help=argparse.SUPPRESS)


CANNOT_CHECK_FIX = (
    "  how to fix: give the path of a PDF file; if it is one, ask whoever made it for a "
    "copy that opens in a PDF reader without a password"
)


def _regular_file(path: Path) -> None:
    """Refuse a device, pipe or folder before reading it: /dev/zero would never end."""
    from publication.check import UnreadablePDF  # as in execute: only when checking

    if not path.exists():
        raise UnreadablePDF("no such file")
    if not path.is_file():
        raise UnreadablePDF("not a regular file (a folder, a device or a pipe), so not a PDF")


def _reason(problem: Exception) -> str:
    if isinstance(problem, OSError) and problem.strerror:
        return problem.strerror.lower()
    return str(problem)


def execute(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    with limited(args):
        return _check_all(args, out, err)


def _check_all(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    # Here, not above: pikepdf takes a tenth of a second to import, which every other
    # command (a build found in the cache above all) would pay for nothing.
    from publication.check import UnreadablePDF, check_pdf

    status = EXIT_OK
    results = []
    for path in args.files:
        try:
            _regular_file(path)
            report = check_pdf(path, args.min_font_size)
        except (UnreadablePDF, OSError) as problem:
            print(f"{path}: cannot check: {_reason(problem)}", file=err)
            print(CANNOT_CHECK_FIX, file=err)
            status = EXIT_CONTENT
            continue
        if report.errors and status == EXIT_OK:
            status = EXIT_CONTENT
        if args.json:
            results.append(report.as_dict())
            continue
        for finding in report.findings:
            print(f"{path}: {finding}", file=out)
        errors, warnings = len(report.errors), len(report.findings) - len(report.errors)
        print(f"{path}: {report.pages} pages, {errors} error(s), {warnings} warning(s)", file=out)
    if args.json:
        print(json.dumps(results, indent=2), file=out)
    return status
