"""Loading: YAML with line marks, UTF-8 checks, files named by 'file' keys."""

from __future__ import annotations

import time
from pathlib import Path

import wordfiles

from publication.diagnostics import Diagnostics
from publication.source import load
from publication.source.load import load_publication, load_yaml
from publication.source.validate import validate_publication


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


def test_every_value_is_the_text_typed(tmp_path):
    path = _write(
        tmp_path,
        "opens: 9:30\ncloses: 17:00\ntelephone: 0123456\nroom: 010\nversion: 1.10\n"
        "cell: No\ndate: 2026-01-15\nstr: !!str 5\nquoted: ''\nlist: [Yes, off, 1e3]\n"
        "tilde: ~\nnull: null\nempty:\n",
    )
    diagnostics = Diagnostics()
    record = load_yaml(path, diagnostics)
    assert not diagnostics.items
    assert record == {
        "opens": "9:30",
        "closes": "17:00",
        "telephone": "0123456",
        "room": "010",
        "version": "1.10",
        "cell": "No",
        "date": "2026-01-15",
        "str": "5",
        "quoted": "",
        "list": ["Yes", "off", "1e3"],
        "tilde": None,  # '~', 'null' and nothing at all: the key is not given
        "null": None,
        "empty": None,
    }


def test_aliases_are_written_out_within_a_budget(tmp_path):
    shared = "contact: &parks {name: Parks, telephone: 01632 960 000}\nagain: *parks\n"
    diagnostics = Diagnostics()
    record = load_yaml(_write(tmp_path, shared), diagnostics)
    assert not diagnostics.items and record["again"] == record["contact"]
    laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n" for p, c in ("ab", "bc", "cd", "de", "ef")
    )
    diagnostics = Diagnostics()
    load_yaml(_write(tmp_path, laughs), diagnostics)
    [error] = diagnostics.errors
    assert (error.code, error.location.line) == ("yaml-too-large", 5)  # e: 10^5 values
    diagnostics = Diagnostics()
    load_yaml(_write(tmp_path, "a: &a {b: *a}\n"), diagnostics)
    assert [e.code for e in diagnostics.errors] == ["yaml-alias-loop"]


def test_tags_are_refused_and_nothing_is_constructed(tmp_path):
    text = "a: !!python/object/apply:os.system [touch pwned]\nb: !!int 5\nc: !local x\n"
    diagnostics = Diagnostics()
    record = load_yaml(_write(tmp_path, text), diagnostics)
    assert [(e.code, e.location.line) for e in diagnostics.errors] == [
        ("yaml-tag", 1),
        ("yaml-tag", 2),
        ("yaml-tag", 3),
    ]
    assert record["a"] == ["touch pwned"] and not (tmp_path / "pwned").exists()


def test_characters_yaml_cannot_read_are_located(tmp_path):
    diagnostics = Diagnostics()
    assert load_yaml(_write(tmp_path, "title: A\nsummary: caf\u00e9 \x07\n"), diagnostics) is None
    [error] = diagnostics.errors
    assert (error.code, error.location.line, error.location.column) == ("yaml-character", 2, 15)
    assert "U+0007" in error.message


def test_invisible_characters_are_warnings_naming_the_field(tmp_path):
    yaml_text = (
        "title: 'Budget \u202egnp.exe'\nsections:\n  - title: B\n    file: a.md\n"
        "flag: \U0001f3f4\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f\n"
    )
    _write(tmp_path, yaml_text)
    _write(tmp_path, "Fine line\nHidden\u200bword and a soft\u00adhyphen\n", "a.md")
    diagnostics = Diagnostics()
    load_publication(tmp_path, diagnostics)
    assert not diagnostics.errors
    found = [(w.location.path.name, w.location.line, w.message) for w in diagnostics.warnings]
    assert [(name, line) for name, line, _ in found] == [("publication.yaml", 1), ("a.md", 2)]
    assert found[0][2].startswith("'title' contains U+202E RIGHT-TO-LEFT OVERRIDE")
    assert "U+200B ZERO WIDTH SPACE" in found[1][2]  # the Welsh flag's tags are no warning


def test_thousands_of_invisible_characters_are_told_once_with_the_first_place(tmp_path):
    """100,000 zero-width spaces: seconds when each was located from the start of the text."""
    many = "\u200b" * 100_000
    yaml_text = (
        f"title: A\nsummary: |\n  Fine\n  Two{many}\nsections:\n  - title: B\n    file: a.md\n"
    )
    _write(tmp_path, yaml_text)
    _write(tmp_path, f"Fine line\n\nLast{many} line\n", "a.md")
    diagnostics = Diagnostics()
    started = time.perf_counter()
    load_publication(tmp_path, diagnostics)
    assert time.perf_counter() - started < 1.0
    found = [(w.location.path.name, w.location.line, w.location.column, w.message)
             for w in diagnostics.warnings]  # fmt: skip
    assert [place[:3] for place in found] == [("publication.yaml", 4, 0), ("a.md", 3, 5)]
    assert "U+200B ZERO WIDTH SPACE (and 99,999 more)" in found[1][3]
    assert found[0][3].startswith("'summary' contains U+200B ZERO WIDTH SPACE (and 99,999 more)")


def test_markdown_through_a_link_out_of_the_folder_is_never_read(tmp_path):
    folder, outside = tmp_path / "p", tmp_path / "outside.md"
    folder.mkdir()
    outside.write_text("secret", "utf-8")
    _write(folder, "title: A\nsections:\n  - title: B\n    file: a.md\n")
    (folder / "a.md").symlink_to(outside)
    diagnostics = Diagnostics()
    raw = load_publication(folder, diagnostics)
    [error] = diagnostics.errors
    assert (error.code, error.location.line) == ("file-refused", 4)
    assert "secret" not in raw.texts.values() and folder / "a.md" in raw.refused


def test_a_scratch_folder_for_word_pictures_is_made_only_when_one_is_taken_out(
    tmp_path, monkeypatch
):
    """Without an output folder, pictures out of Word go to a scratch folder, made when
    the first is taken out: loading content without one makes no folder."""
    made: list[Path] = []

    def scratch() -> Path:
        made.append(tmp_path / "scratch")
        made[-1].mkdir(exist_ok=True)
        return made[-1]

    monkeypatch.setattr(load, "_scratch", scratch)
    head = "title: A\norganisation: O\nlanguage: en-GB\nsections:\n  - title: B\n"
    for name, body in (("plain", "    text: Hello\n"), ("word", "    file: report.docx\n")):
        (tmp_path / name).mkdir()
        _write(tmp_path / name, head + body)
    wordfiles.report(tmp_path / "word" / "report.docx")
    diagnostics = Diagnostics()
    assert validate_publication(load_publication(tmp_path / "plain", diagnostics), diagnostics)
    assert made == []
    model = validate_publication(load_publication(tmp_path / "word", diagnostics), diagnostics)
    assert model is not None and not diagnostics.errors
    assert made == [tmp_path / "scratch"] and made[0] in model.asset_roots
    assert [path.suffix for path in made[0].iterdir()] == [".png"]
