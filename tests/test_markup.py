"""Markdown: sanitised raw HTML, checked images and heading levels."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image as PillowImage

from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation
from publication.source import markup
from publication.source.links import link_problem, web_address
from publication.source.markup import render_fragments
from publication.source.model import Metadata, Prose, Publication, Section, Text


def _publication(folder: Path, *sources: str, level: int = 2) -> Publication:
    texts = tuple(Prose(Text(s, SourceLocation(folder / "a.md", 1))) for s in sources)
    section = Section("S", "s", level, "", None, texts, (), True, True, SourceLocation(folder))
    meta = Metadata("T", "T", "", "", "O", "en", "", "", "", "", (), "", "", None)
    return Publication("p", folder, (folder,), meta, (section,), "A4", 2, SourceLocation(folder))


def _render(folder: Path, *sources: str, level: int = 2):
    diagnostics = Diagnostics()
    fragments = render_fragments(_publication(folder, *sources, level=level), diagnostics)
    return list(fragments.values()), diagnostics


def test_raw_html_is_sanitised(tmp_path):
    source = (
        'Hi <script>alert("x")</script><b onclick="steal()">bold</b> '
        '<a href="javascript:alert(1)">bad</a> <iframe src="https://example.org"></iframe> '
        '<img src="https://example.org/track.png"> '
        '<abbr title="Local Enterprise Partnership">LEP</abbr>'
    )
    [html], diagnostics = _render(tmp_path, source)
    for forbidden in (
        "<script",
        "alert",
        "onclick",
        "javascript:",
        "<iframe",
        "<img",
        "example.org",
    ):
        assert forbidden not in html
    assert "<b>bold</b>" in html and '<abbr title="Local Enterprise Partnership">' in html
    removed = sorted({d.message for d in diagnostics.warnings})
    assert removed == [
        "raw HTML <iframe> is removed",
        "raw HTML <img> is removed",
        "raw HTML <script> is removed",
    ]


def test_markdown_link_schemes(tmp_path):
    [html], diagnostics = _render(tmp_path, "[ok](https://example.org) [bad](javascript:alert(1))")
    assert '<a href="https://example.org">ok</a>' in html
    assert 'href="javascript' not in html and "<a href" not in html.split("ok</a>")[1]
    [error] = diagnostics.errors
    assert (error.code, error.location.line) == ("bad-link", 1)
    assert "'javascript:'" in error.message


def test_links_to_files_and_other_schemes_are_errors(tmp_path):
    source = (
        "[a](intro.md)\n\n[b](file:///etc/passwd)\n\n<a href='data:text/html,x'>c</a>\n\n"
        "[d](#a-section) [e](mailto:a@b.example) [f](tel:+441632960000) [g](HTTPS://x.example)"
    )
    _, diagnostics = _render(tmp_path, source)
    assert [(d.code, d.location.line) for d in diagnostics.errors] == [
        ("bad-link", 1),
        ("bad-link", 3),
        ("bad-link", 5),
    ]


def test_markdown_images_are_checked_like_figures(tmp_path):
    (tmp_path / "pic.png").write_bytes(b"")
    _, diagnostics = _render(
        tmp_path, "![](pic.png)\n\n![x](../up.png)\n\n![y](https://e.org/a.png)"
    )
    assert [(d.code, d.location.line) for d in diagnostics.errors] == [
        ("alt-missing", 1),
        ("bad-image-path", 3),
        ("bad-image-path", 5),
    ]


def test_markdown_image_with_alt_is_kept(tmp_path):
    PillowImage.new("RGB", (4, 3)).save(tmp_path / "pic.png")
    [html], diagnostics = _render(tmp_path, "![A red bus](pic.png)")
    assert not diagnostics.items
    assert f'<img src="{(tmp_path / "pic.png").as_uri()}" alt="A red bus">' in html


def test_heading_levels_may_not_skip_or_climb_out(tmp_path):
    _, diagnostics = _render(tmp_path, "### Fine\n\n##### Skips\n\n## Too high\n")
    assert [(d.code, d.location.line) for d in diagnostics.errors] == [
        ("heading-skip", 3),
        ("heading-level", 5),
    ]
    assert "use '####'" in diagnostics.errors[0].hint


def test_footnote_ids_are_unique_across_passages(tmp_path):
    first, second = _render(tmp_path, "One[^1]\n\n[^1]: A.", "Two[^1]\n\n[^1]: B.")[0]
    assert 'id="fn-t0-1"' in first and 'id="fn-t1-1"' in second


def test_one_rule_for_links_written_by_hand_and_by_templates():
    assert web_address("www.exampleton.example/parks") == "https://www.exampleton.example/parks"
    assert web_address("http://exampleton.example") == "http://exampleton.example"
    for refused in ("javascript:alert(1)", "file:///etc/passwd", "JavaScript:x", "data:,x"):
        with pytest.raises(ValueError, match="never links to"):
            web_address(refused)
    assert link_problem("#contact") == link_problem("tel:+441632960000") == ""


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("<ul><p>loose</p><li>item</li></ul>", "a <ul> list holds <p> outside its items"),
        ("<ol>text<li>item</li></ol>", "a <ol> list holds text outside its items"),
        ("<dl><dt>term</dt></dl>", "a <dl> must start with a <dt> term and end with a <dd>"),
        ("<dl><dd>alone</dd><dt>term</dt></dl>", "a <dl> must start with a <dt> term"),
        ("<ul></ul>", "the <ul> list has no items"),
    ],
)
def test_a_raw_html_list_a_screen_reader_cannot_follow_is_told_at_its_line(tmp_path, source, words):
    _, diagnostics = _render(tmp_path, "Before.\n\n" + source + "\n")
    [error] = diagnostics.errors
    assert error.code == "html-list-shape" and words in error.message
    assert error.location.line == 3


def test_well_formed_raw_html_lists_pass(tmp_path):
    source = "<ul><li>one</li><li>two</li></ul>\n\n<dl><dt>A</dt><dd>a</dd></dl>\n"
    _, diagnostics = _render(tmp_path, source)
    assert not diagnostics.errors


class _Read(list):
    """Tokens that count how many times one is looked at."""

    reads = 0

    def __getitem__(self, index):
        self.reads += 1
        return super().__getitem__(index)


def test_each_link_finds_its_own_opening_without_reading_the_paragraph_before_it():
    """A paragraph of 2,000 links: each closing read every token before it (quadratic)."""
    source = " ".join(f"[paper {n}](https://www.exampleton.example/p/{n})" for n in range(2000))
    (paragraph,) = (t for t in markup._MD.parse(source, {}) if t.children)
    tokens = _Read(paragraph.children)
    closes = [i for i, token in enumerate(paragraph.children) if token.type == "link_close"]
    printed = [markup._render_link_close(None, tokens, i, None, {}) for i in closes]
    assert printed[-1] == ('</a><span class="link-address"> (www.exampleton.example/p/1999)</span>')
    assert tokens.reads < 5 * len(tokens)
