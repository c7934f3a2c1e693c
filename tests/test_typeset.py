"""Typesetting: the sandboxed fetcher, WeasyPrint's log turned into errors."""

from __future__ import annotations

import pytest

from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation
from publication.typeset.fetcher import FetchRefused, SandboxedFetcher
from publication.typeset.pdf import typeset_pdf

PAGE = '<!DOCTYPE html><html lang="en"><head><title>T</title></head><body>{}</body></html>'


def _typeset(tmp_path, body: str):
    diagnostics = Diagnostics()
    result = typeset_pdf(
        PAGE.format(body), tmp_path, (tmp_path,), SourceLocation(tmp_path / "p.yaml"), diagnostics
    )
    return result, diagnostics


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a.png",
        "http://127.0.0.1:9/a.png",
        "ftp://example.org/a.png",
        "data:image/png;base64,AAAA",
        "file:///etc/hosts",
        "file://otherhost/share/a.png",
    ],
)
def test_fetcher_refuses_anything_outside_the_roots(tmp_path, url):
    with pytest.raises(FetchRefused):
        SandboxedFetcher((tmp_path,)).fetch(url)


def test_fetcher_refuses_a_way_out_through_a_symlink(tmp_path):
    (tmp_path / "escape.svg").symlink_to("/etc/hosts")
    with pytest.raises(FetchRefused):
        SandboxedFetcher((tmp_path,)).fetch((tmp_path / "escape.svg").as_uri())


def test_fetcher_serves_files_inside_the_roots(tmp_path):
    (tmp_path / "a.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    response = SandboxedFetcher((tmp_path,)).fetch((tmp_path / "a.svg").as_uri())
    assert response.read().startswith(b"<svg")


@pytest.mark.parametrize(
    "body",
    [
        '<img src="https://example.org/a.png" alt="A">',
        '<img src="file:///etc/passwd" alt="A">',
        '<style>@import url("https://example.org/x.css");</style>',
        '<p style="background: url(../../../etc/hosts)">x</p>',
    ],
)
def test_a_refused_url_stops_the_build_with_a_clear_error(tmp_path, body):
    result, diagnostics = _typeset(tmp_path, body)
    assert result is None
    [error] = diagnostics.errors
    assert error.code == "fetch-refused" and "refused to read" in error.message


def test_weasyprint_log_records_become_errors(tmp_path):
    result, diagnostics = _typeset(tmp_path, '<img src="a.png">')  # no alt, no file
    assert result is None
    assert diagnostics.errors


def test_a_clean_page_typesets(tmp_path):
    result, diagnostics = _typeset(tmp_path, "<h1>Hello</h1>")
    assert not diagnostics.items
    assert result.pages == 1 and result.pdf.startswith(b"%PDF-1.7")


def test_a_document_past_the_page_limit_is_refused_before_it_is_written(tmp_path, monkeypatch):
    monkeypatch.setattr("publication.typeset.pdf.MAX_PAGES", 1)
    result, diagnostics = _typeset(tmp_path, '<p style="break-after: page">One</p><p>Two</p>')
    assert result is None
    [error] = diagnostics.errors
    assert error.code == "too-many-pages" and "2 pages" in error.message
