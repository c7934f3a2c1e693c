"""The ``publication`` command: argument parsing only; the work is in pipeline.

Exit codes: 0 done, 1 the content has errors (the messages say where and how
to fix them), 2 the command line was wrong or the tool itself failed.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from pathlib import Path
from typing import TextIO

from publication import __version__
from publication.check import UnreadablePDF, check_pdf
from publication.editions import EDITIONS
from publication.errors import ContentError, UsageError
from publication.pipeline import build

__all__ = ["main"]

EXIT_OK, EXIT_CONTENT, EXIT_INTERNAL = 0, 1, 2

DESCRIPTION = """\
Make accessible, tagged PDF publications from content written in YAML and Markdown.

Each publication is a folder, such as content/digital-borough/, holding a
publication.yaml file (title, organisation, language, sections) and the
Markdown files it names. Images come from that folder or from images/.
"""

BUILD_EPILOG = """\
examples:
  publication build                          build every folder in content/
  publication build content/digital-borough  build one publication
  publication build content/digital-borough --paper A5 --out /tmp/proofs

Each PDF is written to OUT/<folder name>/<folder name>.pdf, with the HTML it
was made from beside it. If the content has a problem, nothing is written,
the previous PDF is kept, and every problem is listed with its file and line.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="publication",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"publication {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    build_parser = commands.add_parser(
        "build",
        help="make the PDF of one or more publications",
        description="Make the PDF of one or more publications.",
        epilog=BUILD_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build_parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="publication folder(s); default: every folder in content/ with a publication.yaml",
    )
    build_parser.add_argument(
        "--out",
        type=Path,
        default=Path("build"),
        metavar="DIR",
        help="where to write the output (default: build)",
    )
    build_parser.add_argument(
        "--edition",
        choices=sorted(EDITIONS),
        default="standard",
        help="which edition to make (default: standard)",
    )
    build_parser.add_argument(
        "--paper",
        choices=("A4", "A5"),
        type=str.upper,
        help="paper size, overriding the publication's page_size",
    )
    build_parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    build_parser.add_argument(
        "-v", "--verbose", action="store_true", help="show internal details of a failure"
    )
    check_parser = commands.add_parser(
        "check",
        help="check PDF files for accessibility (PDF/UA-1)",
        description=CHECK_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check_parser.add_argument("files", nargs="+", type=Path, metavar="FILE.pdf")
    check_parser.add_argument("--json", action="store_true", help="print the findings as JSON")
    check_parser.add_argument(
        "--min-font-size", type=float, metavar="N",
        help="also report any text smaller than N points",
    )  # fmt: skip
    check_parser.add_argument("-v", "--verbose", action="store_true", help=argparse.SUPPRESS)
    return parser


CHECK_DESCRIPTION = """\
Check PDF files, ours or anyone's, against the failure conditions of PDF/UA-1
(the Matterhorn Protocol) that a program can test: tagging, headings, tables,
lists, figures and alt text, artifacts, fonts, language, title, bookmarks and
annotations. Every finding names the page and element and says how to fix it.

exit codes: 0 no errors, 1 errors found, 2 a file is not a readable PDF
"""


def _check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    status = EXIT_OK
    results = []
    for path in args.files:
        try:
            report = check_pdf(path, args.min_font_size)
        except (UnreadablePDF, FileNotFoundError, IsADirectoryError) as problem:
            print(f"{path}: cannot check: {problem}", file=err)
            status = EXIT_INTERNAL
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


def _publication_folders(paths: list[Path]) -> list[Path]:
    if paths:
        return paths
    content = Path("content")
    folders = sorted(p.parent for p in content.glob("*/publication.yaml"))
    if not folders:
        raise UsageError("no publications found in content/; give a publication folder")
    return folders


def _build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    status = EXIT_OK
    for folder in _publication_folders(args.paths):
        try:
            result = build(folder, args.out, args.edition, args.paper)
        except ContentError as problem:
            for diagnostic in problem.diagnostics:
                print(diagnostic, file=err)
            errors = sum(1 for d in problem.diagnostics if d.level.value == "error")
            print(
                f"{folder}: not built, {errors} error(s); the previous output is unchanged",
                file=err,
            )
            status = EXIT_CONTENT
            continue
        for warning in result.warnings:
            print(warning, file=err)
        if not args.quiet:
            print(f"wrote {result.pdf} ({result.pages} pages)", file=out)
    return status


def main(argv: list[str] | None = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_request:
        return int(exit_request.code or 0)
    try:
        if args.command == "check":
            return _check(args, out, err)
        return _build(args, out, err)
    except UsageError as problem:
        print(f"publication: {problem}", file=err)
        return EXIT_INTERNAL
    except Exception as failure:  # the tool's own fault: say so plainly
        print(f"publication: internal error: {failure.__class__.__name__}: {failure}", file=err)
        if args.verbose:
            traceback.print_exc(file=err)
        else:
            print("run again with -v for details, and please report it", file=err)
        return EXIT_INTERNAL
