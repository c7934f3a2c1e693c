"""Validation: schema, accessibility rules and messages that say how to fix them."""

from __future__ import annotations

from pathlib import Path

import pytest

from publication.diagnostics import Diagnostics
from publication.source.load import load_publication
from publication.source.validate import validate_publication

MINIMAL = """\
title: T
organisation: O
language: en-GB
sections:
  - title: S
    text: Hello.
"""


def _validate(folder: Path, yaml_text: str):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "publication.yaml").write_text(yaml_text, "utf-8")
    diagnostics = Diagnostics()
    raw = load_publication(folder, diagnostics)
    model = validate_publication(raw, diagnostics) if raw else None
    return model, diagnostics


@pytest.fixture
def folder(tmp_path) -> Path:
    return tmp_path / "content" / "sample"


def test_minimal_publication_is_valid(folder):
    model, diagnostics = _validate(folder, MINIMAL)
    assert not diagnostics.items
    assert model.metadata.short_title == "T"
    assert model.sections[0].level == 2 and model.sections[0].new_page


def test_unknown_key_suggests_the_right_one(folder):
    _, diagnostics = _validate(folder, MINIMAL.replace("title: T", "titel: T"))
    codes = {e.code: e for e in diagnostics.errors}
    assert codes["unknown-key"].location.line == 1
    assert "did you mean 'title'?" in codes["unknown-key"].hint
    assert "missing-field" in codes  # and the real title is missing


def test_missing_required_fields_are_all_reported(folder):
    _, diagnostics = _validate(folder, "title: T\nsections: []\n")
    missing = sorted(e.message for e in diagnostics.errors if e.code == "missing-field")
    assert missing == ["publication has no 'language'", "publication has no 'organisation'"]


@pytest.mark.parametrize(
    ("tag", "hint"),
    [("english", "BCP 47"), ("en_GB", "en-GB"), ("en-UK", "en-GB"), ("xx-YY", "BCP 47")],
)
def test_bad_language_codes(folder, tag, hint):
    _, diagnostics = _validate(folder, MINIMAL.replace("en-GB", tag))
    [error] = diagnostics.errors
    assert error.code == "bad-language" and hint in error.hint
    assert error.location.line == 3


def _figure(image: str, extra: str = "") -> str:
    return MINIMAL + f"    blocks:\n      - figure:\n          image: {image}\n{extra}"


def test_figure_without_alt_is_an_error(folder):
    folder.mkdir(parents=True)
    (folder / "pic.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 2"/>')
    _, diagnostics = _validate(folder, _figure("pic.svg"))
    [error] = diagnostics.errors
    assert error.code == "alt-missing" and "decorative: true" in error.hint
    model, diagnostics = _validate(folder, _figure("pic.svg", "          decorative: true\n"))
    assert not diagnostics.errors
    assert model.sections[0].blocks[1].image.ratio == 0.5


@pytest.mark.parametrize(
    ("image", "code"),
    [
        ("nowhere.png", "image-missing"),
        ("../../secret.png", "bad-image-path"),
        ("https://example.org/logo.png", "bad-image-path"),
        ("/etc/hosts", "bad-image-path"),
    ],
)
def test_image_paths_must_be_local_and_present(folder, image, code):
    _, diagnostics = _validate(folder, _figure(image, "          alt: A picture\n"))
    [error] = diagnostics.errors
    assert error.code == code
    assert error.location.line == 9


def test_a_file_that_is_not_an_image(folder):
    folder.mkdir(parents=True)
    (folder / "fake.png").write_text("not a png")
    _, diagnostics = _validate(folder, _figure("fake.png", "          alt: A picture\n"))
    assert [e.code for e in diagnostics.errors] == ["image-unreadable"]


def test_shared_images_come_from_the_project_images_folder(folder):
    images = folder.parent.parent / "images"
    images.mkdir(parents=True)
    (images / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    model, diagnostics = _validate(folder, MINIMAL + "logo: images/logo.svg\n")
    assert not diagnostics.errors
    assert model.metadata.logo.path == (images / "logo.svg").resolve()
    assert model.metadata.logo.decorative


def test_wrong_types_and_bad_blocks(folder):
    text = MINIMAL + (
        "    new_page: sometimes\n  - title: Two\n    blocks:\n      - picture: x.png\n"
    )
    _, diagnostics = _validate(folder, text)
    assert sorted(e.code for e in diagnostics.errors) == ["bad-block", "wrong-type"]


def test_tables_must_be_rectangular(folder):
    text = MINIMAL + (
        "    blocks:\n      - table:\n          caption: C\n"
        "          rows:\n            - [a, b]\n            - [c]\n"
    )
    _, diagnostics = _validate(folder, text)
    assert [e.code for e in diagnostics.errors] == ["ragged-table"]


def test_sections_nest_into_heading_levels_and_get_unique_anchors(folder):
    text = MINIMAL + "    sections:\n      - title: S\n        sections:\n          - title: S\n"
    model, diagnostics = _validate(folder, text)
    assert not diagnostics.errors
    child = model.sections[0].sections[0]
    assert (child.level, child.sections[0].level) == (3, 4)
    assert [model.sections[0].anchor, child.anchor, child.sections[0].anchor] == ["s", "s-2", "s-3"]
    assert not child.new_page


def test_the_readme_documents_every_key_of_a_publication_and_a_section():
    from publication.source.records import SCHEMAS

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    rows = [line.split(" | ")[0] for line in readme.splitlines() if line.startswith("| `")]
    for record in ("publication", "section"):
        for key in SCHEMAS[record]:
            assert any(f"`{key}`" in row for row in rows), f"README: no row for {record} '{key}'"


def test_numbers_and_flags_are_read_from_the_text_where_the_schema_wants_them(folder):
    text = MINIMAL.replace("    text: Hello.\n", "    new_page: No\n    contents: YES\n") + (
        "contents_depth: '3'\nlarge_print: [18, '24']\n"
    )
    model, diagnostics = _validate(folder, text)
    assert not diagnostics.errors
    assert (model.sections[0].new_page, model.sections[0].in_contents) == (False, True)
    assert (model.contents_depth, model.large_print_sizes) == (3, (18, 24))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("contents_depth: two", "'contents_depth' must be a whole number, not 'two'"),
        ("contents_depth: 2.0", "'contents_depth' must be a whole number, not '2.0'"),
        ("contents_depth: " + "9" * 5000, "'contents_depth' must be a whole number, not '9999"),
        ("title: [a, b]", "'title' must be text, not a list"),
        ("summary: {a: b}", "'summary' must be text, not a block of keys"),
    ],
)
def test_a_value_of_the_wrong_kind_is_quoted_as_typed(folder, line, message):
    key = line.split(":")[0]
    kept = "".join(f"{row}\n" for row in MINIMAL.splitlines() if not row.startswith(f"{key}:"))
    _, diagnostics = _validate(folder, kept + line + "\n")
    [error] = diagnostics.errors
    assert error.message.startswith(message)
