"""Plain text, read back by content: headings, tables in reading order, alt text,
footnotes after their section, 80 columns."""

from __future__ import annotations


def test_text_reads_in_order_within_80_columns(full_build):
    data = (full_build / "full.txt").read_bytes()
    text = data.decode("utf-8")  # UTF-8, no byte-order mark
    assert not data.startswith(b"\xef\xbb\xbf") and "\r" not in text
    assert max(len(line) for line in text.splitlines()) <= 80
    lines = text.splitlines()
    assert "=" * 26 + "\nParks and open spaces plan\n" + "=" * 26 in text
    assert "\n\n\nIntroduction\n" + "=" * 12 + "\n" in text  # top sections stand apart
    assert "\nSpending\n" + "-" * 8 + "\n" in text
    assert "\nHow we decide\n" + "~" * 13 + "\n" in text
    assert "   Park: Riverside; 2025: 12,000; 2026: 14,500" in lines
    assert "[Image: Map of the borough with its twelve parks marked in green]" in lines
    assert "[Image: Children planting a tree in Riverside Park]" in lines
    assert "our website\n(https://www.example.org/parks)" in text
    assert "1. how many people use the park;\n2. the condition" in text
    assert "Telephone: 01234 567890" in lines


def test_footnotes_come_at_the_end_of_their_section(full_build):
    text = (full_build / "full.txt").read_text("utf-8")
    reference = text.index("residents[1] and visitors")
    note = text.index("[1] Residents’ survey, 2025")
    next_section = text.index("Our priorities\n==============")
    assert reference < text.index("Tell us what you think") < note < next_section


def test_seed_text_has_every_heading_of_the_print_edition(seed_build):
    from helpers import html_headings

    text = (seed_build / "digital-borough.txt").read_text("utf-8")
    html = (seed_build / "html" / "index.html").read_text("utf-8")
    lines = text.splitlines()
    position = 0
    for _, heading in html_headings(html):
        position = lines.index(heading, position)  # in the same order
        assert set(lines[position + 1]) <= set("=-~.") and lines[position + 1]
