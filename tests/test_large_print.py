"""Large print at the reader's size, proved from the PDFs themselves."""

from __future__ import annotations

import pytest
from conftest import ROOT, copy_project, run_cli
from helpers import (
    contents_entries,
    font_names,
    outline_tree,
    page_texts,
    read_pdf,
    struct_elements,
    text_sizes,
)

from publication.check import check_pdf

SIZES = (16, 18, 24)


@pytest.fixture(scope="session")
def large_seed(tmp_path_factory):
    """The seed in large print at each size; returns {size: pdf path}."""
    out = tmp_path_factory.mktemp("large")
    seed = str(ROOT / "content" / "digital-borough")
    built = {}
    for size in SIZES:
        result = run_cli("build", seed, "--edition", "large-print", "--size", str(size),
                         "--out", str(out))  # fmt: skip
        assert result.code == 0, result.err
        built[size] = out / "digital-borough" / f"digital-borough-large-print-{size}pt.pdf"
    return built


@pytest.mark.parametrize("size", SIZES)
def test_no_text_is_smaller_than_the_size(large_seed, size):
    reader = read_pdf(large_seed[size])
    smallest, text = min(text_sizes(reader))
    assert smallest >= size - 0.01, text
    assert abs(smallest - size) < 0.01  # the body is exactly the reader's size
    report = check_pdf(large_seed[size], min_font_size=size)
    assert not report.findings, [str(f) for f in report.findings]
    assert check_pdf(large_seed[size], min_font_size=size + 1).errors  # the check can fail


@pytest.mark.parametrize("size", SIZES)
def test_no_italic_and_the_cover_names_the_edition(large_seed, size):
    reader = read_pdf(large_seed[size])
    assert not [f for f in font_names(reader) if "Italic" in f or "Oblique" in f]
    assert f"Large print edition, {size} point" in page_texts(reader)[0]


def _titles(tree):
    return [(b.title, _titles(b.children)) for b in tree]


@pytest.mark.parametrize("size", SIZES)
def test_bookmarks_and_contents_match_the_standard_edition(large_seed, seed_build, size):
    standard = read_pdf(seed_build / "digital-borough.pdf")
    large = read_pdf(large_seed[size])
    assert _titles(outline_tree(large)) == _titles(outline_tree(standard))
    contents_page = next(n for n, t in enumerate(page_texts(large)) if t.count("Contents"))
    large_titles = [t for t, _ in contents_entries(large, contents_page)]
    assert large_titles == [t for t, _ in contents_entries(standard, 1)]
    for title, number in contents_entries(large, contents_page):
        assert title in page_texts(large)[number - 1]


def test_the_standard_edition_is_clear_print(seed_build, full_build):
    for pdf in (seed_build / "digital-borough.pdf", full_build / "full.pdf"):
        smallest, text = min(text_sizes(read_pdf(pdf)))
        assert smallest >= 12 - 0.01, (pdf.name, text)


@pytest.fixture(scope="session")
def large_full(tmp_path_factory):
    root = copy_project("full", tmp_path_factory.mktemp("large-full"))
    result = run_cli("build", str(root / "content" / "full"), "--size", "24",
                     "--out", str(root / "build"))  # fmt: skip
    assert result.code == 0, result.err
    return root / "build" / "full" / "full-large-print-24pt.pdf"


def test_tables_stay_tables_when_they_fit_and_stack_when_they_do_not(large_full):
    reader = read_pdf(large_full)
    roles = [e["/S"] for e in struct_elements(reader)]
    assert roles.count("/Table") == 1  # the three-column table fits at 24 point
    assert roles.count("/THead") == 1
    text = " ".join(page_texts(reader))
    for row in ("Playground: Yes", "Accessibility: Step-free throughout", "Toilets: No"):
        assert row in text  # the six-column table is a list of "header: value"
    assert not check_pdf(large_full, min_font_size=24).findings


def test_a_long_table_repeats_its_header_row_on_every_page(stress_project, tmp_path):
    result = run_cli("build", str(stress_project), "--size", "20", "--out", str(tmp_path))
    assert result.code == 0, result.err
    reader = read_pdf(tmp_path / "stress" / "stress-large-print-20pt.pdf")
    pages = [t for t in page_texts(reader) if "Ward 1" in t or "Ward 9" in t]
    assert len(pages) >= 3
    assert all("Ward Households Change" in t for t in pages)
    roles = [e["/S"] for e in struct_elements(reader)]
    assert roles.count("/Table") == 1 and roles.count("/TR") == 101
