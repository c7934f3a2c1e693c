"""The ``publication`` command: arguments in, a pipeline called, an exit code out.

One module per command (``build``, ``pack``, ``check``, ``import``, ``serve``), each with its
parser and what it does; the work itself is in the pipelines. Exit codes: 0 done, 1 the
content or the command line has errors (the messages say where and how to fix
them), 2 the tool itself failed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback
from typing import NoReturn, TextIO

from publication import __version__
from publication.cli import build, check, importing, pack, serve
from publication.cli.common import EXIT_CONTENT, EXIT_INTERNAL, Parser
from publication.errors import ToolFault, UsageError
from publication.guard import LimitReached, Limits, Stopped, WorkerLost, stop_on_sigterm, supervised

__all__ = ["main", "run"]

DESCRIPTION = """\
Make accessible, tagged PDF publications from content written in YAML and Markdown.

Each publication is a folder, such as content/digital-borough/, holding a
publication.yaml file (title, organisation, language, sections) and the
Markdown files and Word documents (.docx) it names. Images come from that
folder or from images/. 'publication import' turns a Word document into YAML
and Markdown.
A committee meeting is a folder with a meeting.yaml: see 'publication pack --help'.
"""

COMMANDS = {"build": build, "pack": pack, "check": check, "import": importing, "serve": serve}


def _parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="publication",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"publication {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    for command in COMMANDS.values():
        command.add_parser(commands)
    return parser


def run() -> NoReturn:
    """The ``publication`` command: ``main``, then leave at once.

    By the end of a build the interpreter holds WeasyPrint and a great many
    objects; taking them apart one by one costs a tenth of a second and does
    nothing the end of the process does not. Output is flushed first. SIGTERM
    stops the command as Ctrl+C does.
    """
    stop_on_sigterm()
    code = main(own_process=True)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        _quiet_stdout()
        code = code or EXIT_CONTENT
    os._exit(code)


def main(
    argv: list[str] | None = None,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
    own_process: bool = False,
) -> int:
    """Run a command; its exit code. ``own_process``: this process is the command's own,
    so the command runs in a child of it, watched for its limits (``guard.supervised``);
    otherwise (a test, a program calling this) it runs here, limited in time only."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_request:  # --help and --version
        return int(exit_request.code or 0)
    except UsageError as problem:
        print(f"publication: {problem}", file=err)
        return EXIT_CONTENT
    if not own_process or not getattr(args, "whole_run_limited", True):
        return _execute(args, out, err)
    watching = getattr(args, "watch", False)  # then each time the packs are made is limited
    limits = Limits(None if watching else args.max_seconds, args.max_memory)
    try:
        return supervised(limits, _execute, args, out, err)
    except LimitReached as reached:
        print(f"publication: {reached}; the previous output is unchanged", file=err)
        return EXIT_CONTENT
    except WorkerLost as lost:
        print(f"publication: internal error: {lost} (it crashed, or was killed)", file=err)
        return EXIT_INTERNAL


def _execute(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        code = COMMANDS[args.command].execute(args, out, err)
        out.flush()  # here, where a reader that went away is understood
        return code
    except UsageError as problem:
        print(f"publication: {problem}", file=err)
        return EXIT_CONTENT
    except (LimitReached, Stopped, KeyboardInterrupt) as stop:
        stopped = "stopped (Ctrl+C)" if isinstance(stop, KeyboardInterrupt) else str(stop)
        print(f"publication: {stopped}; the previous output is unchanged", file=err)
        return EXIT_CONTENT
    except WorkerLost as lost:
        print(f"publication: internal error: {lost} (it crashed, or was killed)", file=err)
        return EXIT_INTERNAL
    except BrokenPipeError:  # the reader stopped reading (`publication check ... | head`)
        _quiet_stdout()
        return EXIT_CONTENT
    except ToolFault as fault:
        print(f"publication: internal error: {fault}", file=err)
        print("please report it, with the content that shows it", file=err)
        return EXIT_INTERNAL
    except Exception as failure:  # the tool's own fault: say so plainly
        print(f"publication: internal error: {failure.__class__.__name__}: {failure}", file=err)
        if args.verbose:
            traceback.print_exc(file=err)
        else:
            print("run again with -v for details, and please report it", file=err)
        return EXIT_INTERNAL


def _quiet_stdout() -> None:
    """Send what is still to be written to nowhere, so that flushing it on the way out
    does not fail a second time (Python's advice for a closed pipe)."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
