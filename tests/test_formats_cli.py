"""Choosing formats: --format on the command line, formats: in publication.yaml, and
the registry the desk offers."""

from __future__ import annotations

from conftest import run_cli

from publication.formats import FORMATS, Manuscript
from publication.limits import FORMAT_NAMES


def _add_formats(root, line: str) -> None:
    path = root / "content" / "minimal" / "publication.yaml"
    path.write_text(path.read_text("utf-8") + line, "utf-8")


def test_formats_listed_in_the_publication_are_built_with_the_pdf(project):
    root = project("minimal")
    _add_formats(root, "formats: [text, html]\n")
    result = run_cli("build")
    assert result.code == 0, result.err
    folder = root / "build" / "minimal"
    assert sorted(p.name for p in folder.iterdir()) == ["html", "minimal.pdf", "minimal.txt"]
    assert "wrote build/minimal/minimal.txt" in result.out


def test_format_alone_makes_that_format_only(project):
    root = project("minimal")
    result = run_cli("build", "--format", "braille")
    assert result.code == 0, result.err
    assert sorted(p.name for p in (root / "build" / "minimal").iterdir()) == ["minimal.brf"]
    assert "braille pages)" in result.out


def test_unknown_formats_are_refused_with_the_list(project):
    root = project("minimal")
    result = run_cli("build", "--format", "html,mp3")
    assert result.code == 1
    assert "there is no format called 'mp3'; the formats are: pdf, html, epub" in result.err
    result = run_cli("build", "--format", "html", "--edition", "large-print")
    assert result.code == 1 and "add pdf to --format" in result.err
    _add_formats(root, "formats: [htm]\n")
    result = run_cli("build")
    assert result.code == 1
    assert "publication.yaml:" in result.err and "did you mean 'html'?" in result.err
    assert not (root / "build").exists()


def test_every_format_is_a_plain_function_of_the_model():
    assert tuple(FORMATS) == FORMAT_NAMES
    assert all(callable(f.write) and f.label for f in FORMATS.values())
    assert Manuscript.__dataclass_fields__.keys() >= {"publication", "fragments", "print_pages"}
