"""Editorial review: warnings an editor should see before printing."""

from __future__ import annotations

from conftest import ROOT, run_cli


def test_the_seeds_repeated_panels_are_reported_with_every_place(tmp_path):
    result = run_cli("build", str(ROOT / "content" / "digital-borough"), "--out", str(tmp_path))
    assert result.code == 0
    warnings = [w for w in result.err.split("\ncontent/") if "[repeated-passage]" in w]
    assert len(warnings) == 3  # local action; partners and government; residents
    for warning in warnings:
        assert "appears in 7 sections" in warning
        for area in ("communities", "customers", "commerce", "connectivity", "co-production",
                     "care", "capabilities"):  # fmt: skip
            assert f"bringing-the-vision-to-life/{area}.md:" in warning


def test_poor_alt_text_and_vague_links_are_warnings(project):
    root = project("full")
    folder = root / "content" / "full"
    intro = folder / "introduction.md"
    intro.write_text(
        intro.read_text()
        .replace("Children planting a tree in Riverside Park", "planting.png")
        .replace("[our website]", "[click here]")
    )
    yaml_path = folder / "publication.yaml"
    yaml_path.write_text(
        yaml_path.read_text().replace("alt: Map of the borough", "alt: Image of the borough")
    )
    result = run_cli("build", "content/full")
    assert result.code == 0, result.err
    assert "introduction.md:5: warning: the alt text 'planting.png' is a file name" in result.err
    assert "introduction.md:3: warning: the link text 'click here'" in result.err
    assert "publication.yaml:21:18: warning: the alt text 'Image of the borough" in result.err
