"""The command line end to end: exit codes, messages, output kept on failure."""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from publication.cli import main


def test_help_speaks_to_the_reader(capsys):
    assert main(["build", "--help"]) == 0
    text = capsys.readouterr().out
    assert "publication build content/digital-borough" in text
    assert "the previous files are kept" in text


def test_python_dash_m_runs_the_command():
    done = subprocess.run(
        [sys.executable, "-m", "publication", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stdout.startswith("publication ")


def test_the_command_keeps_its_exit_code_and_output_when_it_leaves_at_once(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "publication", "build", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "missing" in done.stderr


def test_build_everything_in_content_by_default(project):
    root = project("minimal")
    result = run_cli("build")
    assert result.code == 0, result.err
    assert (root / "build" / "minimal" / "minimal.pdf").is_file()
    assert "wrote build/minimal/minimal.pdf (1 page)" in result.out  # a leaflet


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--edition", "poster"], "there is no edition called 'poster'"),
        (["--edition", "large-print", "--size", "9"], "large print starts at 16 point"),
        (["--size", "big"], "'big' is not a whole number of points"),
        (["--size", "60"], "larger than we make"),
        (["--edition", "standard", "--size", "18"], "--size is for large print"),
        (["--paper", "A3"], "invalid choice: 'A3'"),
    ],
)
def test_bad_command_lines_are_user_errors(project, args, words):
    project("minimal")
    result = run_cli("build", *args)
    assert result.code == 1 and words in result.err, result.err
    assert not os.path.exists("build")


def test_unknown_command_and_empty_content_folder(project):
    project("minimal")
    assert run_cli("frobnicate").code == 1
    os.remove("content/minimal/publication.yaml")
    result = run_cli("build")
    assert result.code == 1 and "no publications found" in result.err


def test_building_twice_gives_identical_bytes(tmp_path):
    seed = str(ROOT / "content" / "digital-borough")
    first, second = tmp_path / "one", tmp_path / "two"
    for out in (first, second):  # each made afresh, in a cache of its own
        made = run_cli("build", seed, "--out", str(out), "--cache", str(out / "cache"))
        assert made.code == 0 and "as made before" not in made.out
    name = "digital-borough/digital-borough.pdf"
    assert (first / name).read_bytes() == (second / name).read_bytes()


FIGURE = "    blocks:\n      - figure:\n          image: {}\n"
ALT = "          alt: A picture\n"
SVG = '<svg xmlns="http://www.w3.org/2000/svg"/>'
# case: (file changed, how, change, expected location, expected words)
BAD_INPUTS = {
    "malformed-yaml": ("publication.yaml", "append", "  - title: [unclosed\n", ":10:", "line 9"),
    "unknown-key": ("publication.yaml", "replace", ("title:", "titel:"), ":2:", "did you mean"),
    "missing-image": ("publication.yaml", "append", FIGURE.format("gone.png") + ALT, ":11:",
                      "image not found: 'gone.png'"),
    "missing-alt": ("publication.yaml", "append", FIGURE.format("photo.svg"), ":11:",
                    "image 'photo.svg' has no alt text"),
    "image-dotdot": ("publication.yaml", "append", FIGURE.format("../../images/x.png") + ALT,
                     ":11:", "goes outside the project with '..'"),
    "remote-url": ("publication.yaml", "append", FIGURE.format("https://example.org/x.png") + ALT,
                   ":11:", "is a web address"),
    "not-utf8": ("hours.md", "bytes", "Caf\xe9 opening\n".encode("latin-1"), ":1:4",
                 "not UTF-8"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_fails_clearly_and_keeps_the_previous_output(project, case):
    root = project("minimal")
    folder = root / "content" / "minimal"
    (folder / "photo.svg").write_text(SVG)
    assert run_cli("build").code == 0
    pdf = root / "build" / "minimal" / "minimal.pdf"
    before = (pdf.read_bytes(), pdf.stat().st_mtime_ns)

    name, how, change, where, words = BAD_INPUTS[case]
    path = folder / name
    if how == "append":
        path.write_text(path.read_text() + change)
    elif how == "replace":
        path.write_text(path.read_text().replace(*change, 1))
    else:
        path.write_bytes(change)

    result = run_cli("build")
    assert result.code == 1
    assert f"content/minimal/{name}{where}" in result.err
    assert words in result.err
    assert "how to fix:" in result.err
    assert "Traceback" not in result.err
    assert "the previous output is unchanged" in result.err
    assert (pdf.read_bytes(), pdf.stat().st_mtime_ns) == before
    assert sorted(p.name for p in pdf.parent.iterdir()) == ["minimal.pdf"]


def _with_warning(folder) -> None:
    """Give the minimal publication an image whose alt text is a file name: a warning."""
    (folder / "photo.svg").write_text(SVG)
    yaml = folder / "publication.yaml"
    yaml.write_text(yaml.read_text() + FIGURE.format("photo.svg") + "          alt: photo.svg\n")


def test_quiet_prints_errors_only(project):
    root = project("minimal")
    _with_warning(root / "content" / "minimal")
    loud = run_cli("build")
    assert loud.code == 0 and "warning:" in loud.err and "made 1/1" in loud.out
    quiet = run_cli("build", "-q")
    assert quiet.code == 0 and quiet.err == "" and quiet.out == ""
    (root / "content" / "minimal" / "hours.md").unlink()
    failed = run_cli("build", "-q")
    assert failed.code == 1 and "error:" in failed.err and "warning:" not in failed.err


def _built(root) -> list[str]:
    return sorted(p.name for p in (root / "build" / "minimal").glob("*.pdf"))


@pytest.mark.parametrize(
    ("listed", "args", "expected"),
    [
        ("", ["--edition", "large-print"], ["minimal-large-print-18pt.pdf"]),
        ("large_print: [20]\n", ["--edition", "large-print"], ["minimal-large-print-20pt.pdf"]),
        ("large_print: [20]\n", ["--edition", "large-print", "--size", "17"],
         ["minimal-large-print-17pt.pdf"]),
        ("large_print: [20]\n", ["--size", "17"],
         ["minimal-large-print-17pt.pdf", "minimal-large-print-20pt.pdf", "minimal.pdf"]),
        ("large_print: [20]\n", ["--edition", "standard"], ["minimal.pdf"]),
    ],
)  # fmt: skip
def test_the_editions_made_are_the_ones_the_help_describes(project, listed, args, expected):
    root = project("minimal")
    yaml = root / "content" / "minimal" / "publication.yaml"
    yaml.write_text(yaml.read_text().replace("date:", f"{listed}date:"))
    result = run_cli("build", *args)
    assert result.code == 0, result.err
    assert _built(root) == expected
    assert main(["build", "--help"]) == 0


def test_progress_is_a_line_per_document_and_a_live_counter_on_a_terminal(project):
    project("minimal")

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    plain, terminal = io.StringIO(), Terminal()
    assert main(["build"], out=plain, err=io.StringIO()) == 0
    assert main(["build", "--cache", "fresh"], out=terminal, err=io.StringIO()) == 0
    made = r"^made 1/1 minimal, standard edition \(1 page, [\d.]+ s\)$"
    assert re.search(made, plain.getvalue(), re.MULTILINE)
    assert "\r" not in plain.getvalue()
    assert "\r\x1b[2K" in terminal.getvalue() and "0/1 made" in terminal.getvalue()


WORD_HEAD = b"PK\x03\x04" + bytes(60)


def test_a_damaged_word_document_says_so_not_that_it_is_not_utf8(project):
    root = project("minimal")
    folder = root / "content" / "minimal"
    (folder / "hours.docx").write_bytes(WORD_HEAD)
    yaml = folder / "publication.yaml"
    yaml.write_text(yaml.read_text().replace("hours.md", "hours.docx"))
    result = run_cli("build")
    assert result.code == 1
    assert (
        "content/minimal/publication.yaml:8:11: error: 'hours.docx' cannot be read: "
        "the file is not a readable .docx (its zip is damaged)"
    ) in result.err
    assert "save it again as a Word Document (.docx)" in result.err and "UTF-8" not in result.err


def _command(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The command as people run it: its own process, under its limits."""
    return subprocess.run(
        [sys.executable, "-m", "publication", *args], capture_output=True, text=True, cwd=cwd
    )


def test_every_command_runs_as_people_run_it(tmp_path):
    """In its own process each command is run under the guard of its limits, which
    reads options every command must have; a test calling main() alone would not see
    one that lacks them."""
    import wordfiles

    docx = wordfiles.report(tmp_path / "report.docx")
    imported = _command("import", str(docx), "--out", str(tmp_path / "imported"), cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    checked = _command("check", str(ROOT / "tests" / "projects"), cwd=tmp_path)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr


def test_a_reader_that_stops_reading_is_not_an_internal_error(seed_build):
    """`publication check *.pdf | head -1`: the pipe closes before the command is done."""
    reading, writing = os.pipe()
    os.close(reading)  # gone before a word is written: every write to it fails
    try:
        done = subprocess.run(
            [sys.executable, "-m", "publication", "check", str(seed_build / "digital-borough.pdf")],
            stdout=writing, stderr=subprocess.PIPE, text=True, timeout=120,
        )  # fmt: skip
    finally:
        os.close(writing)
    assert done.returncode == 1
    assert done.stderr == ""  # nothing to say: the reader went away


def test_the_desk_outlives_the_time_limit_its_jobs_are_held_to(tmp_path):
    (tmp_path / "content").mkdir()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    desk = subprocess.Popen(
        [sys.executable, "-m", "publication", "serve", "--port", str(port),
         "--max-seconds", "1", "--cache", str(tmp_path / "cache")],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            time.sleep(0.5)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    answered = time.monotonic()
                    assert page.status == 200
                    break
            except OSError:
                assert desk.poll() is None, desk.stderr.read()
        else:
            pytest.fail("the desk did not answer")
        while time.monotonic() < answered + 2:  # past its jobs' limit
            time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
            assert page.status == 200
    finally:
        desk.terminate()
        desk.communicate(timeout=30)
