"""Loading: YAML with line marks, UTF-8 checks, files named by 'file' keys."""

from __future__ import annotations

from pathlib import Path

from publication.diagnostics import Diagnostics
from publication.source.load import load_publication, load_yaml


def _write(tmp_path: Path, text: str | bytes, name: str = "publication.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_values_remember_their_lines(tmp_path):
    path = _write(tmp_path, "title: A\nsections:\n  - title: B\n    text: |\n      Hello\n")
    diagnostics = Diagnostics()
    record = load_yaml(path, diagnostics)
    assert not diagnostics.items
    assert record.where("title").line == 1
    section = record["sections"][0]
    assert record["sections"].locations[0].line == 3
    assert section.where("text").line == 5  # a block scalar's text starts below the '|'


def test_malformed_yaml_names_the_line(tmp_path):
    path = _write(tmp_path, "title: A\nsections:\n  - title: B\n   bad: indent\n")
    diagnostics = Diagnostics()
    assert load_yaml(path, diagnostics) is None
    [error] = diagnostics.errors
    assert error.code == "yaml-syntax"
    assert error.location.line == 4


def test_duplicate_keys_are_errors(tmp_path):
    path = _write(tmp_path, "title: A\ntitle: B\n")
    diagnostics = Diagnostics()
    load_yaml(path, diagnostics)
    assert [(e.code, e.location.line) for e in diagnostics.errors] == [("duplicate-key", 2)]


def test_non_utf8_names_line_and_column(tmp_path):
    _write(tmp_path, "title: A\nsections:\n  - title: B\n    file: a.md\n")
    _write(tmp_path, "First line\nCaf\xe9 society\n".encode("latin-1"), "a.md")
    diagnostics = Diagnostics()
    load_publication(tmp_path, diagnostics)
    [error] = diagnostics.errors
    assert error.code == "not-utf8"
    assert (error.location.path.name, error.location.line, error.location.column) == ("a.md", 2, 4)
    assert "UTF-8" in error.hint


def test_missing_markdown_file_points_at_the_yaml_line(tmp_path):
    from publication.source.validate import validate_publication

    yaml_text = "title: A\norganisation: O\nlanguage: en\nsections:\n  - title: B\n    file: x.md\n"
    _write(tmp_path, yaml_text)
    diagnostics = Diagnostics()
    validate_publication(load_publication(tmp_path, diagnostics), diagnostics)
    [error] = diagnostics.errors
    assert error.code == "file-missing"
    assert (error.location.path.name, error.location.line) == ("publication.yaml", 6)


def test_folder_without_publication_yaml(tmp_path):
    diagnostics = Diagnostics()
    assert load_publication(tmp_path, diagnostics) is None
    assert diagnostics.errors[0].code == "no-publication"
