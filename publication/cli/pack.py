"""``publication pack``: committee meetings in, their public and full packs out."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TextIO

from publication.cli.common import (
    EXIT_CONTENT,
    EXIT_OK,
    TerminalProgress,
    add_folders,
    add_verbosity,
    content_folders,
    large_print_size,
    output_folder,
    tell,
)
from publication.errors import ContentError
from publication.packs.pipeline import build_pack
from publication.packs.watch import watch, watched

__all__ = ["add_parser", "execute"]

DESCRIPTION = """\
Make the agenda packs of a committee meeting from content/<meeting>/meeting.yaml:
<meeting>-public-pack.pdf, without exempt reports (each replaced by a one-page
notice), and <meeting>-full-pack.pdf, with everything and exempt pages marked
"Not for publication". Both have the agenda with page numbers, every later page
numbered, bookmarks for every item and appendix, and tagging for screen readers.
Reports are kept between runs, so changing one item makes only that item again.
Nothing is written unless both packs can be made.
"""


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "pack",
        help="make a committee meeting's agenda packs (public and full)",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_folders(parser, "MEETING", "meeting", "meeting.yaml")
    parser.add_argument("--size", metavar="N", help="make large-print packs at N points (16 to 48)")
    parser.add_argument(
        "--watch",
        action="store_true",
        help="keep running, and make the packs again each time a file they are made "
        "from is saved (Ctrl+C to stop)",
    )
    add_verbosity(parser)


def execute(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    size = None if args.size is None else large_print_size(args.size)
    meetings = content_folders(args.paths, "meeting.yaml")
    output_folder(args.out)
    first_build = time.time()
    status: dict[Path, int] = {}
    for folder in meetings:
        _pack_meeting(folder, args, size, out, err, status)
    if not args.watch:
        return max(status.values())
    try:
        for number, changed in enumerate(watch(meetings, args.out, since=first_build)):
            if number == 0:
                where = ", ".join(map(str, watched(meetings)))
                print(f"watching {where}; press Ctrl+C to stop", file=out, flush=True)
            for folder in changed:
                started = time.perf_counter()
                _pack_meeting(folder, args, size, out, err, status)
                if status[folder] == EXIT_OK:
                    seconds = time.perf_counter() - started
                    print(f"{folder}: packs made again in {seconds:.2f} s", file=out, flush=True)
    except KeyboardInterrupt:
        pass
    print("stopped watching", file=out, flush=True)
    return max(status.values())


def _pack_meeting(
    folder: Path,
    args: argparse.Namespace,
    size: int | None,
    out: TextIO,
    err: TextIO,
    status: dict[Path, int],
) -> None:
    """Make one meeting's packs, recording how it went in ``status`` before saying so:
    a Ctrl+C that comes as the message is read must not lose the outcome."""
    try:
        made = build_pack(folder, args.out, size, TerminalProgress(out, args.quiet))
    except ContentError as problem:
        status[folder] = EXIT_CONTENT
        tell(problem.diagnostics, err, args.quiet)
        print(f"{folder}: no pack written; the previous packs are unchanged", file=err, flush=True)
        return
    status[folder] = EXIT_OK
    tell(made.warnings, err, args.quiet)
    if not args.quiet:
        for path in (made.public, made.full):
            name = "public-pack" if path == made.public else "full-pack"
            print(f"wrote {path} ({made.pages[name]} pages)", file=out)
        print(f"{made.rendered} document(s) made, the rest reused", file=out, flush=True)
