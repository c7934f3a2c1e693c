"""The images a web page and an e-book carry: copied beside them under a short name,
whatever the file on disk is called."""

from __future__ import annotations

import zipfile

from conftest import run_cli
from PIL import Image


def test_an_image_whose_name_holds_a_percent_sign_is_copied_and_linked(project):
    root = project("minimal")
    folder = root / "content" / "minimal"
    Image.new("RGB", (40, 20), "navy").save(folder / "50%25.png")  # "%25" in its very name
    with (folder / "hours.md").open("a", encoding="utf-8") as markdown:
        markdown.write("\n![A bar chart of visitors by hour](50%2525.png)\n")
    result = run_cli("build", "--format", "html,epub")
    assert result.code == 0, result.err
    built = root / "build" / "minimal"
    image = (folder / "50%25.png").read_bytes()
    assert 'src="images/50-25.png"' in (built / "html" / "index.html").read_text("utf-8")
    assert (built / "html" / "images" / "50-25.png").read_bytes() == image
    with zipfile.ZipFile(built / "minimal.epub") as epub:
        assert epub.read("EPUB/images/50-25.png") == image
        assert b'src="images/50-25.png"' in epub.read("EPUB/section-01.xhtml")
