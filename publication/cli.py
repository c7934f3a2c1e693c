"""The ``publication`` command: argument parsing only; the work is in pipeline.

Exit codes: 0 done, 1 the content or the command line has errors (the
messages say where and how to fix them), 2 the tool itself failed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import traceback
from pathlib import Path
from typing import NoReturn, TextIO

from publication import __version__
from publication.check import UnreadablePDF, check_pdf
from publication.errors import ContentError, UsageError
from publication.limits import DEFAULT_LARGE_PRINT_SIZE, size_problem
from publication.packs.pipeline import build_pack
from publication.packs.watch import watch, watched
from publication.pipeline import build
from publication.typeset.editions import EDITION_NAMES, EDITIONS, Edition, large_print

__all__ = ["main"]

EXIT_OK, EXIT_CONTENT, EXIT_INTERNAL = 0, 1, 2  # content and user errors are both 1

DESCRIPTION = """\
Make accessible, tagged PDF publications from content written in YAML and Markdown.

Each publication is a folder, such as content/digital-borough/, holding a
publication.yaml file (title, organisation, language, sections) and the
Markdown files it names. Images come from that folder or from images/.
A committee meeting is a folder with a meeting.yaml: see 'publication pack --help'.
"""

BUILD_EPILOG = """\
examples:
  publication build                          build every folder in content/
  publication build content/digital-borough  build one publication
  publication build content/digital-borough --paper A5 --out /tmp/proofs
  publication build content/digital-borough --edition large-print --size 24

Without --edition, each publication is built as the standard edition and as
large print at every size listed under large_print: in its publication.yaml.
Large print files are named <folder name>-large-print-<size>pt.pdf.

Each PDF is written to OUT/<folder name>/<folder name>.pdf, with the HTML it
was made from beside it. If the content has a problem, nothing is written,
the previous PDF is kept, and every problem is listed with its file and line.
"""


class _Parser(argparse.ArgumentParser):
    """Reports a mistake in the command line as a user error (exit 1), in our words."""

    def error(self, message: str):
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _add_folders(parser: argparse.ArgumentParser, metavar: str, kind: str, file: str) -> None:
    """The folders to work on, and where the output goes: the same for build and pack."""
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar=metavar,
        help=f"{kind} folder(s); default: every folder in content/ with a {file}",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("build"),
        metavar="DIR",
        help="where to write the output (default: build)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
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
    _add_folders(build_parser, "PATH", "publication", "publication.yaml")
    build_parser.add_argument(
        "--edition",
        metavar="NAME",
        help="make only this edition: standard or large-print "
        "(default: standard, plus the large-print sizes in publication.yaml)",
    )
    build_parser.add_argument(
        "--size",
        metavar="N",
        help=f"large-print size in points, 16 to 48 (default {DEFAULT_LARGE_PRINT_SIZE}); "
        "ask the reader which size they read best",
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
    pack_parser = commands.add_parser(
        "pack",
        help="make a committee meeting's agenda packs (public and full)",
        description=PACK_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_folders(pack_parser, "MEETING", "meeting", "meeting.yaml")
    pack_parser.add_argument(
        "--size", metavar="N", help="make large-print packs at N points (16 to 48)"
    )
    pack_parser.add_argument(
        "--watch",
        action="store_true",
        help="keep running, and make the packs again each time a file they are made "
        "from is saved (Ctrl+C to stop)",
    )
    pack_parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    pack_parser.add_argument("-v", "--verbose", action="store_true", help=argparse.SUPPRESS)
    check_parser = commands.add_parser(
        "check",
        help="check PDF files for accessibility (PDF/UA-1)",
        description=CHECK_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check_parser.add_argument("files", nargs="+", type=Path, metavar="FILE.pdf")
    check_parser.add_argument("--json", action="store_true", help="print the findings as JSON")
    check_parser.add_argument(
        "--min-font-size",
        type=float,
        metavar="N",
        help="also report any text smaller than N points",
    )
    check_parser.add_argument("-v", "--verbose", action="store_true", help=argparse.SUPPRESS)
    return parser


PACK_DESCRIPTION = """\
Make the agenda packs of a committee meeting from content/<meeting>/meeting.yaml:
<meeting>-public-pack.pdf, without exempt reports (each replaced by a one-page
notice), and <meeting>-full-pack.pdf, with everything and exempt pages marked
"Not for publication". Both have the agenda with page numbers, every later page
numbered, bookmarks for every item and appendix, and tagging for screen readers.
Reports are kept between runs, so changing one item makes only that item again.
Nothing is written unless both packs can be made.
"""

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


def _publication_folders(paths: list[Path], file_name: str = "publication.yaml") -> list[Path]:
    if paths:
        return paths
    folders = sorted(p.parent for p in Path("content").glob(f"*/{file_name}"))
    if not folders:
        kind = "publications" if file_name == "publication.yaml" else "meetings"
        raise UsageError(f"no {kind} found in content/; give a folder")
    return folders


def _pack(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    size = None if args.size is None else _large_print_size(args.size)
    meetings = _publication_folders(args.paths, "meeting.yaml")
    first_build = time.time()
    status = {folder: _pack_meeting(folder, args, size, out, err) for folder in meetings}
    if not args.watch:
        return max(status.values())
    try:
        for number, changed in enumerate(watch(meetings, args.out, since=first_build)):
            if number == 0:
                where = ", ".join(map(str, watched(meetings)))
                print(f"watching {where}; press Ctrl+C to stop", file=out, flush=True)
            for folder in changed:
                started = time.perf_counter()
                status[folder] = _pack_meeting(folder, args, size, out, err)
                if status[folder] == EXIT_OK:
                    seconds = time.perf_counter() - started
                    print(f"{folder}: packs made again in {seconds:.2f} s", file=out, flush=True)
    except KeyboardInterrupt:
        pass
    print("stopped watching", file=out, flush=True)
    return max(status.values())


def _pack_meeting(
    folder: Path, args: argparse.Namespace, size: int | None, out: TextIO, err: TextIO
) -> int:
    try:
        made = build_pack(folder, args.out, size)
    except ContentError as problem:
        for diagnostic in problem.diagnostics:
            print(diagnostic, file=err)
        print(f"{folder}: no pack written; the previous packs are unchanged", file=err, flush=True)
        return EXIT_CONTENT
    for warning in made.warnings:
        print(warning, file=err)
    if not args.quiet:
        for path in (made.public, made.full):
            name = "public-pack" if path == made.public else "full-pack"
            print(f"wrote {path} ({made.pages[name]} pages)", file=out)
        print(f"{made.rendered} document(s) made, the rest reused", file=out, flush=True)
    return EXIT_OK


def _editions(args: argparse.Namespace) -> list[Edition] | None:
    """The editions asked for on the command line, or None for the publication's own list."""
    name = args.edition or ("large-print" if args.size is not None else None)
    if name is None:
        return None
    if name not in EDITION_NAMES:
        raise UsageError(
            f"there is no edition called '{name}'; the editions are: {', '.join(EDITION_NAMES)}"
        )
    if name != "large-print":
        if args.size is not None:
            raise UsageError("--size is for large print: add --edition large-print")
        return [EDITIONS[name]]
    size = DEFAULT_LARGE_PRINT_SIZE if args.size is None else _large_print_size(args.size)
    return [large_print(size)]


def _large_print_size(text: str) -> int:
    """The --size given on the command line, or a usage error saying what is wrong with it."""
    size: object = int(text) if re.fullmatch(r"\d{1,3}", text) else text
    problem = size_problem(size)
    if problem:
        raise UsageError(f"--size {text}: {problem}")
    return int(size)


def _build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    status = EXIT_OK
    editions = _editions(args)
    for folder in _publication_folders(args.paths):
        try:
            result = build(folder, args.out, editions, args.paper)
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
        for made in result.results if not args.quiet else ():
            print(f"wrote {made.pdf} ({made.pages} pages)", file=out)
    return status


def run() -> NoReturn:
    """The ``publication`` command: ``main``, then leave at once.

    By the end of a build the interpreter holds WeasyPrint and a great many
    objects; taking them apart one by one costs a tenth of a second and does
    nothing the end of the process does not. Output is flushed first.
    """
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_request:  # --help and --version
        return int(exit_request.code or 0)
    except UsageError as problem:
        print(f"publication: {problem}", file=err)
        return EXIT_CONTENT
    try:
        if args.command == "check":
            return _check(args, out, err)
        if args.command == "pack":
            return _pack(args, out, err)
        return _build(args, out, err)
    except UsageError as problem:
        print(f"publication: {problem}", file=err)
        return EXIT_CONTENT
    except Exception as failure:  # the tool's own fault: say so plainly
        print(f"publication: internal error: {failure.__class__.__name__}: {failure}", file=err)
        if args.verbose:
            traceback.print_exc(file=err)
        else:
            print("run again with -v for details, and please report it", file=err)
        return EXIT_INTERNAL
