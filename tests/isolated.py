"""Run commands the way a user does, each in a process of its own, measured.

One child process imports the tool once, then forks a process per command, as
the ``publication`` command would run it: the forked process changes to the
command's folder, runs ``cli.main`` under an address-space and CPU limit (so a
regression cannot take the machine down), and reports every file it opens under
a forbidden folder on its standard error. The parent reads each one's exit
code, output, wall time and peak memory (``os.wait4``'s resource usage).

Used by ``test_hostile_source.py``; run as a script by ``run_isolated``.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

MEMORY_CEILING = 3 * 1024**3  # address space: far above the 500 MB a case may peak at
CPU_CEILING = 60  # seconds; a hang is killed, never waited for
OUTSIDE_MARK = "OPENED OUTSIDE THE PROJECT: "


@dataclass(frozen=True)
class Job:
    name: str
    cwd: str
    argv: list[str]
    forbidden: str  # a folder no file may be opened in


@dataclass(frozen=True)
class Outcome:
    code: int  # exit code, or -signal
    out: str
    err: str
    seconds: float
    peak_mb: float


def run_isolated(jobs: list[Job], scratch: Path) -> dict[str, Outcome]:
    """Each job's outcome, by name, from one child process that forks one per job."""
    request, answer = scratch / "jobs.json", scratch / "outcomes.json"
    request.write_text(json.dumps([job.__dict__ for job in jobs]), "utf-8")
    subprocess.run([sys.executable, __file__, str(request), str(answer)], check=True)
    return {name: Outcome(**fields) for name, fields in json.loads(answer.read_text()).items()}


def _serve(request: Path, answer: Path) -> None:
    from publication import cli  # imported once, before every fork

    outcomes = {}
    for fields in json.loads(request.read_text("utf-8")):
        job = Job(**fields)
        logs = Path(job.cwd) / f".{job.name}"
        started = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            _child(cli, job, logs)
        _, status, usage = os.wait4(pid, 0)
        seconds = time.perf_counter() - started
        outcomes[job.name] = Outcome(
            code=os.waitstatus_to_exitcode(status),
            out=_read(logs.with_suffix(".out")),
            err=_read(logs.with_suffix(".err")),
            seconds=seconds,
            peak_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
        ).__dict__
    answer.write_text(json.dumps(outcomes), "utf-8")


def _child(cli, job: Job, logs: Path) -> None:
    """The forked process: one command, its output to files; never returns."""
    code = 2
    try:
        for fd, suffix in ((1, ".out"), (2, ".err")):
            target = os.open(logs.with_suffix(suffix), os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(target, fd)
        sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
        os.chdir(job.cwd)
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CEILING, MEMORY_CEILING))
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_CEILING, CPU_CEILING))
        sys.addaudithook(_watch_opens(job.forbidden))
        code = cli.main(job.argv)
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _watch_opens(forbidden: str):
    """An audit hook telling every open of a file under ``forbidden``, links followed."""
    folder = os.path.realpath(forbidden) + os.sep

    def hook(event: str, args: tuple) -> None:
        if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
            path = os.path.realpath(os.fsdecode(args[0]))
            if path.startswith(folder):
                os.write(2, f"{OUTSIDE_MARK}{path}\n".encode())

    return hook


def _read(path: Path) -> str:
    return path.read_text("utf-8", "replace") if path.exists() else ""


if __name__ == "__main__":
    _serve(Path(sys.argv[1]), Path(sys.argv[2]))
