"""``publication build``: publications in, their editions out."""

from __future__ import annotations

import argparse
import dataclasses
from typing import TextIO

from publication.cli.common import (
    EXIT_CONTENT,
    EXIT_OK,
    TerminalProgress,
    add_folders,
    add_limits,
    add_verbosity,
    content_folders,
    large_print_size,
    limited,
    open_cache,
    output_folder,
    tell,
)
from publication.errors import ContentError, UsageError
from publication.limits import DEFAULT_LARGE_PRINT_SIZE, FORMAT_NAMES, PRINT_FORMS
from publication.pipeline import Outputs, build
from publication.typeset.editions import EDITION_NAMES, Wanted

__all__ = ["add_parser", "execute"]

EPILOG = f"""\
examples:
  publication build                          build every folder in content/
  publication build content/digital-borough  build one publication
  publication build content/digital-borough --paper A5 --out /tmp/proofs
  publication build content/digital-borough --edition large-print --size 24
  publication build content/digital-borough --format all
  publication build content/digital-borough --format html,epub
  publication build content/library-leaflet --print booklet

Which editions are made:
  (nothing)                            the standard edition, and large print at
                                       every size listed under large_print: in
                                       publication.yaml
  --edition standard                   the standard edition only
  --edition large-print                large print at the listed sizes, or at
                                       {DEFAULT_LARGE_PRINT_SIZE} point if none is listed
  --edition large-print --size N       large print at N point only
  --size N                             as with nothing, plus large print at N point

Large print files are named <folder name>-large-print-<size>pt.pdf.

Which formats are made:
  (nothing)                 the PDFs, and the formats listed under formats: in
                            publication.yaml
  --format all              the PDFs and every format
  --format pdf,html         the PDFs and the web page; any of pdf, html, epub,
                            text, braille, comma-separated or --format repeated

Each PDF is written to OUT/<folder name>/<folder name>.pdf; the formats beside
it: html/index.html (the web page, its images and style.css), <name>.epub,
<name>.txt and <name>.brf (braille).

--print booklet (or print: [booklet] in publication.yaml) also writes
<name>-booklet.pdf beside each edition's PDF: its pages imposed two-up (A5 on
A4, A4 on A3) in saddle-stitch order, to print on both sides flipping on the
short edge, fold and staple. It is for printing only; the tagged PDF beside it
is the one to read.

If the content has a problem, nothing is written, the previous files are kept,
and every problem is listed with its file and line.

An edition, format or booklet made before from the same content, images and
tool is taken from the build cache (see --cache) instead of being made again.
"""


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "build",
        help="make the PDFs and other formats of one or more publications",
        description="Make the PDFs, and the web page, e-book, text and braille, of one or more "
        "publications.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_folders(parser, "PATH", "publication", "publication.yaml")
    parser.add_argument(
        "--edition",
        metavar="NAME",
        help="make only this edition: standard or large-print (see below)",
    )
    parser.add_argument(
        "--size",
        metavar="N",
        help="large-print size in points, 16 to 48; ask the reader which size they read best",
    )
    parser.add_argument(
        "--format",
        metavar="NAMES",
        action="append",
        help="make these formats only: pdf, " + ", ".join(FORMAT_NAMES) + " or all (see below)",
    )
    parser.add_argument(
        "--paper",
        choices=("A4", "A5"),
        type=str.upper,
        help="paper size, overriding the publication's page_size",
    )
    parser.add_argument(
        "--print",
        dest="print_forms",
        action="append",
        choices=PRINT_FORMS,
        default=[],
        metavar="FORM",
        help="also make a file for the printer: booklet (pages imposed two-up to fold)",
    )
    add_limits(parser)
    add_verbosity(parser, "show internal details of a failure")


def wanted(edition: str | None, size: str | None) -> Wanted:
    """The editions the command line asks for, to be read against each publication's list."""
    sizes = () if size is None else (large_print_size(size),)
    if edition is None:
        return Wanted(sizes=sizes)
    if edition not in EDITION_NAMES:
        raise UsageError(
            f"there is no edition called '{edition}'; the editions are: {', '.join(EDITION_NAMES)}"
        )
    if edition == "standard":
        if size is not None:
            raise UsageError("--size is for large print: add --edition large-print")
        return Wanted(listed_sizes=False)
    if sizes:
        return Wanted(standard=False, listed_sizes=False, sizes=sizes)
    return Wanted(standard=False, default_size=True)


def outputs(values: list[str] | None) -> Outputs:
    """The PDFs and formats ``--format`` asks for (repeated or comma-separated)."""
    if not values:
        return Outputs()
    names = [name.strip().lower() for value in values for name in value.split(",")]
    known = ("pdf", *FORMAT_NAMES, "all")
    for name in names:
        if name not in known:
            raise UsageError(
                f"there is no format called '{name}'; the formats are: {', '.join(known)}"
            )
    if "all" in names:
        return Outputs(formats=FORMAT_NAMES, listed_formats=False)
    formats = tuple(dict.fromkeys(name for name in names if name != "pdf"))
    return Outputs(pdf="pdf" in names, formats=formats, listed_formats=False)


def execute(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    editions = wanted(args.edition, args.size)
    wanted_outputs = dataclasses.replace(outputs(args.format), prints=tuple(args.print_forms))
    if not wanted_outputs.pdf and (args.edition or args.size):
        raise UsageError("--edition and --size are for the PDFs: add pdf to --format")
    with limited(args):
        return _build_all(args, editions, wanted_outputs, out, err)


def _build_all(
    args: argparse.Namespace, editions: Wanted, wanted_outputs: Outputs, out: TextIO, err: TextIO
) -> int:
    status = EXIT_OK
    progress = TerminalProgress(out, args.quiet)
    folders = content_folders(args.paths)
    output_folder(args.out)
    cache = open_cache(args).editions
    for folder in folders:
        try:
            result = build(folder, args.out, editions, args.paper, progress, wanted_outputs, cache)
        except ContentError as problem:
            tell(problem.diagnostics, err, args.quiet)
            errors = sum(1 for d in problem.diagnostics if d.level.value == "error")
            print(
                f"{folder}: not built, {errors} error(s); the previous output is unchanged",
                file=err,
            )
            status = EXIT_CONTENT
            continue
        tell(result.warnings, err, args.quiet)
        for made in result.results if not args.quiet else ():
            pages = f"{made.pages} page{'s' if made.pages != 1 else ''}"
            found = "" if made.made else ", as made before: nothing it is made from has changed"
            print(f"wrote {made.pdf} ({pages}{found})", file=out)
            for printed in made.prints:
                print(f"wrote {printed} (for printing only)", file=out)
        for format_made in result.formats if not args.quiet else ():
            pages = f" ({format_made.pages} braille pages)" if format_made.pages else ""
            print(f"wrote {format_made.paths[0]}{pages}", file=out)
    return status
