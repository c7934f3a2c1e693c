"""What every command shares: exit codes, folders to work on, how problems are told,
and progress as a build tool shows it.
"""

from __future__ import annotations

import argparse
import re
import shutil
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from publication.cache import Cache, cache_folder
from publication.diagnostics import Diagnostic, Level
from publication.errors import UsageError
from publication.guard import Limits, enforced
from publication.limits import DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_SECONDS, size_problem
from publication.progress import Made

__all__ = [
    "EXIT_CONTENT",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "Parser",
    "TerminalProgress",
    "add_cache",
    "add_folders",
    "add_limits",
    "add_verbosity",
    "content_folders",
    "large_print_size",
    "limited",
    "open_cache",
    "output_folder",
    "tell",
]

EXIT_OK, EXIT_CONTENT, EXIT_INTERNAL = 0, 1, 2  # content and user errors are both 1


class Parser(argparse.ArgumentParser):
    """Reports a mistake in the command line as a user error (exit 1), in our words."""

    def error(self, message: str):
        raise UsageError(f"{message} (see '{self.prog} --help')")


def add_folders(parser: argparse.ArgumentParser, metavar: str, kind: str, file: str) -> None:
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
    add_cache(parser)


def add_cache(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--cache",
        type=Path,
        metavar="DIR",
        help="the build cache: what was made, kept to be found again (default: "
        "$PUBLICATION_CACHE, else ~/.cache/publication); never inside a folder a web "
        "server publishes, since it holds exempt reports",
    )


def open_cache(args: argparse.Namespace) -> Cache:
    """The cache the command line names, or the default one."""
    return Cache(cache_folder(args.cache))


def output_folder(out: Path) -> Path:
    """``--out`` as a folder the command can write to (made later, by the first write).

    Checked before any work, so a mistake in the command line costs nothing and
    is told as one, not as a failure halfway through writing; nothing is made.
    """
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: this is a file, not a folder; give a folder")
    nearest = out
    while not nearest.exists() and nearest != nearest.parent:
        nearest = nearest.parent
    try:
        if not nearest.is_dir():
            raise NotADirectoryError(0, "part of the path is a file, not a folder")
        with tempfile.TemporaryFile(dir=nearest):
            pass
    except OSError as problem:
        reason = (problem.strerror or str(problem)).lower()
        raise UsageError(
            f"--out {out}: cannot write there ({reason}); give a folder you can write to"
        ) from None
    return out


def add_verbosity(parser: argparse.ArgumentParser, verbose_help: str | None = None) -> None:
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="print errors only: no warnings, no progress"
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help=verbose_help or argparse.SUPPRESS,
    )


def add_limits(parser: argparse.ArgumentParser) -> None:
    """How long the command may run and how much memory it may use: past either, it
    stops with exit code 1, names the limit, and leaves the previous output as it was."""
    parser.add_argument(
        "--max-seconds",
        type=_limit(float, "seconds"),
        default=DEFAULT_MAX_SECONDS,
        metavar="N",
        help=f"stop after N seconds (default {DEFAULT_MAX_SECONDS}; 0: no limit)",
    )
    parser.add_argument(
        "--max-memory",
        type=_limit(int, "megabytes"),
        default=DEFAULT_MAX_MEMORY_MB,
        metavar="MB",
        help="stop when a process (the command, or one of its workers) holds more than MB "
        f"megabytes of memory (default {DEFAULT_MAX_MEMORY_MB}; 0: no limit)",
    )


def _limit(kind: type, unit: str):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a number of {unit}") from None
        if value < 0 or (unit == "megabytes" and 0 < value < 256):
            least = "256 or more, or 0" if unit == "megabytes" else "0 or more"
            raise argparse.ArgumentTypeError(f"give {least} {unit}, not {text}")
        return value or None

    return parse


def limited(args: argparse.Namespace):
    """The command line's time limit, enforced around a piece of work from inside."""
    return enforced(Limits(args.max_seconds, args.max_memory))


def content_folders(paths: list[Path], file_name: str = "publication.yaml") -> list[Path]:
    """The folders given, or every folder in content/ that holds ``file_name``."""
    if paths:
        return paths
    folders = sorted(p.parent for p in Path("content").glob(f"*/{file_name}"))
    if not folders:
        kind = "publications" if file_name == "publication.yaml" else "meetings"
        raise UsageError(f"no {kind} found in content/; give a folder")
    return folders


def large_print_size(text: str) -> int:
    """The --size given on the command line, or a usage error saying what is wrong with it."""
    size: object = int(text) if re.fullmatch(r"\d{1,3}", text) else text
    problem = size_problem(size)
    if problem:
        raise UsageError(f"--size {text}: {problem}")
    return int(size)


def tell(diagnostics: Iterable[Diagnostic], err: TextIO, quiet: bool) -> None:
    """Print diagnostics, errors only when ``quiet``."""
    for diagnostic in diagnostics:
        if diagnostic.level is Level.ERROR or not quiet:
            print(diagnostic, file=err)


class TerminalProgress:
    """A line for each document made; on a terminal, a live counter under them as well.

    When the output is not a terminal (a log, a pipe), only the lines are written.
    """

    def __init__(self, out: TextIO, quiet: bool = False) -> None:
        self.out = out
        self.quiet = quiet
        self.live = not quiet and _is_terminal(out)
        self.total = 0
        self.done = 0
        self.making: list[str] = []
        self.since = time.perf_counter()

    def begin(self, total: int) -> None:
        self.total, self.done, self.making = total, 0, []
        self.since = time.perf_counter()

    def started(self, name: str) -> None:
        self.making.append(name)
        self._counter()

    def made(self, made: Made) -> None:
        if self.quiet:
            return
        self.done += 1
        if made.name in self.making:
            self.making.remove(made.name)
        self._clear()
        print(made, file=self.out, flush=True)
        self._counter()

    def _counter(self) -> None:
        if not self.live or not self.total:
            return
        seconds = time.perf_counter() - self.since
        doing = f": {', '.join(self.making)}" if self.making else ""
        line = f"{self.done}/{self.total} made, {seconds:.0f} s{doing}"
        self.out.write("\r\x1b[2K" + line[: _width()])
        self.out.flush()
        if self.done == self.total:
            self._clear()

    def _clear(self) -> None:
        if self.live:
            self.out.write("\r\x1b[2K")
            self.out.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _width() -> int:
    return max(20, shutil.get_terminal_size().columns - 1)
