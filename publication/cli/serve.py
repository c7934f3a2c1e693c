"""``publication serve``: the desk, a web page where staff make any edition or pack."""

from __future__ import annotations

import argparse
import ipaddress
import os
import secrets
from pathlib import Path
from typing import TextIO

from publication.cli.common import EXIT_OK, add_cache, open_cache
from publication.errors import UsageError

__all__ = ["add_parser", "execute"]

DESCRIPTION = """\
Start the desk: a web page, for library staff and committee clerks, that lists
every publication and meeting in content/ and makes any edition or pack on
request (standard, large print at the reader's size, A4 or A5, public pack),
with progress while it is made and the PDF to open, download or print.

Open the address it prints (http://127.0.0.1:8000/ by default) in a browser on
the same machine. It listens only on this machine unless --host says otherwise.
Full packs (with exempt reports) are served only to a clerk who has signed in
with the password in --clerk-password-file (or $PUBLICATION_CLERK_PASSWORD);
without one, they are not served at all.
"""

EPILOG = """\
examples:
  publication serve
  publication serve --port 8080 --clerk-password-file /etc/publication/clerk
  publication serve --queue redis://queue.example:6379/0   (workers elsewhere run:
      rq worker --url redis://queue.example:6379/0 publication-desk)
"""


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "serve", help="start the desk: make editions and packs from a web page",
        description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="jobs made at once (default: one per core)",
    )
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=300,
        metavar="S",
        help="stop a job that takes longer (default: 300)",
    )
    parser.add_argument(
        "--max-memory",
        type=int,
        default=3072,
        metavar="MB",
        help="memory each process of a job may use (default: 3072)",
    )
    parser.add_argument(
        "--clerk-password-file",
        type=Path,
        metavar="FILE",
        help="a file holding the clerk password, which the full pack needs",
    )
    parser.add_argument(
        "--queue",
        metavar="URL",
        help="hand jobs to workers on a Redis queue (redis://host:port/db) "
        "instead of making them on this machine",
    )
    add_cache(parser)
    # The desk runs until it is stopped: its limits are each job's, not its own.
    parser.set_defaults(whole_run_limited=False)
    parser.add_argument("-q", "--quiet", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("-v", "--verbose", action="store_true", help=argparse.SUPPRESS)


def execute(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import uvicorn  # here: the other commands should not pay for importing the web stack

    from publication.desk.app import Desk, make_app
    from publication.guard import Limits

    if not Path("content").is_dir():
        raise UsageError("there is no content/ folder here: start the desk in the project folder")
    limits = Limits(args.max_seconds, args.max_memory)
    cache = open_cache(args)
    desk = Desk(Path.cwd().resolve(), cache, _jobs(args, cache, limits),
                _clerk_password(args), secrets.token_urlsafe(32))  # fmt: skip
    local = _is_loopback(args.host)
    if not local:
        print(f"publication: the desk is open to every machine that can reach {args.host}",
              file=err)  # fmt: skip
    hosts = ["127.0.0.1", "localhost", "[::1]", "::1"] if local else None
    print(f"The desk is at http://{_shown(args.host)}:{args.port}/ (Ctrl+C to stop)", file=out,
          flush=True)  # fmt: skip
    try:
        uvicorn.run(make_app(desk, hosts), host=args.host, port=args.port,
                    log_level="warning", server_header=False)  # fmt: skip
    finally:
        desk.jobs.close()
    return EXIT_OK


def _jobs(args, cache, limits):
    if args.queue:
        try:
            from publication.desk.queue import RedisJobs
        except ImportError as missing:
            raise UsageError(f"--queue needs the queue extra: pip install 'publication[queue]' "
                             f"({missing})") from None  # fmt: skip
        try:
            return RedisJobs(args.queue, cache, limits)
        except Exception as problem:  # an address that is wrong or a server that is down
            raise UsageError(f"--queue {args.queue}: cannot reach it ({problem})") from None
    from publication.desk.jobs import LocalJobs

    return LocalJobs(cache, max(1, args.workers), limits)


def _clerk_password(args) -> str | None:
    if args.clerk_password_file:
        try:
            password = args.clerk_password_file.read_text("utf-8").strip()
        except OSError as problem:
            raise UsageError(f"--clerk-password-file: {problem.strerror}") from None
    else:
        password = os.environ.get("PUBLICATION_CLERK_PASSWORD", "").strip()
    if password and len(password) < 12:
        raise UsageError("the clerk password must be at least 12 characters long")
    return password or None


def _is_loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _shown(host: str) -> str:
    return f"[{host}]" if ":" in host else host
