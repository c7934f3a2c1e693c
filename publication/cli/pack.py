"""``publication pack``: committee meetings in, their public and full packs out."""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, field
from pathlib import Path
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
from publication.errors import ContentError
from publication.guard import LimitReached
from publication.packs.pipeline import build_pack
from publication.packs.watch import watch, watched

__all__ = ["add_parser", "execute"]

DESCRIPTION = """\
Make the agenda packs of a committee meeting from content/<meeting>/meeting.yaml:
<meeting>-public-pack.pdf, without exempt reports (each replaced by a one-page
notice), and <meeting>-full-pack.pdf, with everything and exempt pages marked
"Not for publication". Both have the agenda with page numbers, every later page
numbered, bookmarks for every item and appendix, and tagging for screen readers.
Reports are kept between runs in the build cache (see --cache), so changing one
item makes only that item again, and packs whose files have not changed are not
made again at all.
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
        "from is saved (Ctrl+C to stop); the limits apply to each time",
    )
    add_limits(parser)
    add_verbosity(parser)


def execute(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    size = None if args.size is None else large_print_size(args.size)
    meetings = content_folders(args.paths, "meeting.yaml")
    output_folder(args.out)
    first_build = time.time()
    packing = _Packing(args, size, out, err)
    if not args.watch:
        with limited(args):
            for folder in meetings:
                packing.make(folder)
        return max(packing.status.values())
    for folder in meetings:
        packing.make_limited(folder)
    try:
        for number, changed in enumerate(watch(meetings, args.out, since=first_build)):
            if number == 0:
                where = ", ".join(map(str, watched(meetings)))
                print(f"watching {where}; press Ctrl+C to stop", file=out, flush=True)
            for folder in changed:
                started = time.perf_counter()
                packing.make_limited(folder)
                if packing.status[folder] == EXIT_OK:
                    seconds = time.perf_counter() - started
                    print(f"{folder}: packs made again in {seconds:.2f} s", file=out, flush=True)
    except KeyboardInterrupt:
        pass
    print("stopped watching", file=out, flush=True)
    return EXIT_CONTENT  # stopped with Ctrl+C, as every run stopped from outside


@dataclass
class _Packing:
    """What each meeting's packs are made with, and how each time went: recorded in
    ``status`` before anything is said of it, so that a Ctrl+C that comes as the
    message is read cannot lose the outcome."""

    args: argparse.Namespace
    size: int | None
    out: TextIO
    err: TextIO
    status: dict[Path, int] = field(default_factory=dict)

    def make_limited(self, folder: Path) -> None:
        """One meeting's packs while watching: the limits apply to each time they are
        made, and one time stopped at a limit leaves the watch running."""
        try:
            with limited(self.args):
                self.make(folder)
        except LimitReached as reached:
            self.status[folder] = EXIT_CONTENT
            message = f"{folder}: {reached}; the previous packs are unchanged"
            print(message, file=self.err, flush=True)

    def make(self, folder: Path) -> None:
        args, out, err = self.args, self.out, self.err
        try:
            progress = TerminalProgress(out, args.quiet)
            made = build_pack(folder, args.out, self.size, progress, open_cache(args).packs)
        except ContentError as problem:
            self.status[folder] = EXIT_CONTENT
            tell(problem.diagnostics, err, args.quiet)
            message = f"{folder}: no pack written; the previous packs are unchanged"
            print(message, file=err, flush=True)
            return
        self.status[folder] = EXIT_OK
        tell(made.warnings, err, args.quiet)
        if not args.quiet:
            found = "" if made.made else ", as made before: nothing it is made from has changed"
            for path in (made.public, made.full):
                name = "public-pack" if path == made.public else "full-pack"
                print(f"wrote {path} ({made.pages[name]} pages{found})", file=out)
            if made.made:
                print(f"{made.rendered} document(s) made, the rest reused", file=out, flush=True)
