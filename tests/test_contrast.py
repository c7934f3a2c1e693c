"""Colour contrast of the stylesheets (WCAG AA, 4.5:1 for normal text)."""

from __future__ import annotations

from publication.diagnostics import Diagnostics
from publication.typeset.contrast import check_contrast, contrast_ratio
from publication.typeset.editions import EDITIONS, large_print
from publication.typeset.html import STYLES_DIR


def test_contrast_ratio_matches_wcag_examples():
    assert round(contrast_ratio((0, 0, 0), (1, 1, 1)), 1) == 21.0
    grey = (0x76 / 255,) * 3  # #767676, the lightest grey that passes on white
    assert 4.5 <= contrast_ratio(grey, (1, 1, 1)) < 4.6


def test_our_stylesheets_pass_in_every_edition():
    for edition in (EDITIONS["standard"], large_print(24)):
        diagnostics = Diagnostics()
        names = [*edition.stylesheets, "paper-a4.css", "paper-a5.css"]
        check_contrast([STYLES_DIR / name for name in names], diagnostics)
        assert not diagnostics.items


def test_a_failing_pair_is_reported_with_its_selectors(tmp_path):
    css = tmp_path / "bad.css"
    css.write_text(
        ":root { --pale: #999999; }\n"
        "html { color: #1a1a1a; }\n"
        ".note { background: #eeeeee; }\n"
        ".note .hint { color: var(--pale); }\n"
        ".badge { color: #ffffff; background-color: #ffcc00; }\n"
    )
    diagnostics = Diagnostics()
    check_contrast([css], diagnostics)
    messages = sorted((d.location.line, d.message) for d in diagnostics.errors)
    assert [line for line, _ in messages] == [4, 5]
    assert "'.note .hint' on the background of '.note'" in messages[0][1]
    assert "'.badge' on the background of '.badge'" in messages[1][1]
