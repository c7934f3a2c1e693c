"""The command line end to end: exit codes, messages, output kept on failure."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import ROOT, run_cli

from publication.cli import main


def test_help_speaks_to_the_reader(capsys):
    assert main(["build", "--help"]) == 0
    text = capsys.readouterr().out
    assert "publication build content/digital-borough" in text
    assert "the previous PDF is kept" in text


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
    assert (root / "build" / "minimal" / "minimal.html").is_file()
    assert "wrote build/minimal/minimal.pdf (3 pages)" in result.out


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
    assert run_cli("build", seed, "--out", str(first)).code == 0
    assert run_cli("build", seed, "--out", str(second)).code == 0
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
    assert sorted(p.name for p in pdf.parent.iterdir()) == ["minimal.html", "minimal.pdf"]
