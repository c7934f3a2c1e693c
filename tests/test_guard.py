"""Workers, signals, limits and temporary files: a run stopped from outside or at a
limit leaves no process behind and the previous output as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import copy_project, run_cli
from corpus import MEETING_HEAD, WALL_SECONDS, assert_bounded, run_child

from publication.guard import LimitReached, Limits, enforced, supervised
from publication.output import write_atomically

REPORT = "\n\n".join(
    f"Paragraph {n} of the report, with a little to say about it." for n in range(40)
)


def _slow_meeting(root: Path) -> Path:
    """Four reports: enough work for the workers to be busy when a signal comes."""
    folder = root / "content" / "busy"
    folder.mkdir(parents=True)
    items = "".join(
        f"  - number: {n}\n    title: Report {n}\n    report:\n      report_of: Director\n"
        f"      recommendations: [That the committee notes report {n}.]\n"
        f"      sections:\n        - {{title: Figures, file: report-{n}.md}}\n"
        for n in range(1, 5)
    )
    (folder / "meeting.yaml").write_text(MEETING_HEAD + items)
    for n in range(1, 5):
        (folder / f"report-{n}.md").write_text(REPORT)
    return folder


def _tree(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        for task in Path(f"/proc/{stack.pop()}/task").glob("*/children"):
            try:
                children = [int(child) for child in task.read_text().split()]
            except OSError:  # it has just ended
                continue
            found += children
            stack += children
    return found


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("stop", ["SIGKILL", "SIGTERM", "Ctrl+C"])
def test_a_pack_stopped_from_outside_leaves_no_worker_and_the_packs_as_they_were(tmp_path, stop):
    folder = _slow_meeting(tmp_path)
    assert run_cli("pack", str(folder), "--out", str(tmp_path / "build")).code == 0
    before = {p: p.read_bytes() for p in (tmp_path / "build").rglob("*-pack.pdf")}
    for report in folder.glob("report-*.md"):  # every report must be made again
        report.write_text(REPORT + "\n\nOne more paragraph.\n")
    command = [sys.executable, "-m", "publication", "pack", "content/busy"]
    with subprocess.Popen(
        command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,  # its own group, as a terminal starts it
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # even from a script
    ) as process:  # fmt: skip
        try:
            assert "made 1/4" in process.stdout.readline()  # the workers are busy with the rest
            workers = _tree(process.pid)
            assert len(workers) >= 3  # the command at work, its packs begun, its pool
            if stop == "Ctrl+C":  # the terminal sends it to the whole group
                os.killpg(process.pid, signal.SIGINT)
            else:
                process.send_signal(getattr(signal, stop))
            _out, err = process.communicate(timeout=WALL_SECONDS)
        finally:
            process.kill()  # only if it is still running: nothing is left behind
    deadline = time.monotonic() + 5
    while any(map(_running, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if _running(pid)]
    assert {p: p.read_bytes() for p in (tmp_path / "build").rglob("*-pack.pdf")} == before
    if stop == "SIGKILL":
        assert process.returncode == -signal.SIGKILL
    else:
        assert process.returncode == 1
        assert err == f"publication: stopped ({stop}); the previous output is unchanged\n"


def test_a_build_stopped_at_its_time_limit_keeps_the_previous_pdf(tmp_path):
    root = copy_project("minimal", tmp_path)
    assert run_cli("build", str(root / "content/minimal"), "--out", str(root / "build")).code == 0
    out = root / "build" / "minimal"
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with (root / "content/minimal/publication.yaml").open("a") as source:
        source.write("  - title: One more section\n    text: Added.\n")
    ran = run_child("build", "content/minimal", "--max-seconds", "0.05", cwd=root)
    assert_bounded(ran, 1)
    assert ran.err.endswith(
        "publication: stopped after 0.05 s (--max-seconds); the previous output is unchanged\n"
    )
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # and no temporary file


def test_a_temporary_file_left_by_a_killed_write_is_cleared_by_the_next(tmp_path):
    ended = subprocess.Popen(["true"])  # a process that has ended: its pid is free
    ended.wait()
    stale = [tmp_path / f".x.pdf.{ended.pid}.k1ll3d", tmp_path / ".x.pdf.abcd1234"]
    live = tmp_path / f".x.pdf.{os.getpid()}.writing"  # another write under way: kept
    for path in [*stale, live]:
        path.write_bytes(b"half a PDF")
    write_atomically({tmp_path / "x.pdf": b"%PDF-1.7 whole"})
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, "x.pdf"])


def _alarm_set() -> tuple[float, float]:
    return signal.getitimer(signal.ITIMER_REAL)


def test_under_a_watcher_the_time_limit_is_the_watchers_alone():
    """No alarm is raised into supervised work: at an arbitrary moment it can land inside
    a C extension being loaded (pikepdf's), which then aborts the process, and the stop
    is told as an internal error. The watcher stops the work instead, and says which limit."""
    assert supervised(Limits(30, None), _alarm_set) == (0.0, 0.0)
    started = time.monotonic()
    with pytest.raises(LimitReached, match=r"stopped after 0.2 s \(--max-seconds\)"):
        supervised(Limits(0.2, None), time.sleep, 30)
    assert time.monotonic() - started < 5
    with enforced(Limits(30, None)):  # work not watched from outside still has its alarm
        assert _alarm_set()[0] > 0
