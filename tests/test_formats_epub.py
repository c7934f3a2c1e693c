"""The e-book: valid by EPUBCheck, its navigation opened and compared with the
print edition, its accessibility metadata, and the same bytes build after build."""

from __future__ import annotations

import subprocess
import zipfile

import pytest
from conftest import run_cli
from helpers import flatten, outline_tree, read_pdf
from lxml import etree

NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
}
TYPE = "{http://www.idpf.org/2007/ops}type"
HEADINGS = ("h2", "h3", "h4", "h5", "h6")


def _epubcheck(path) -> str:
    """EPUBCheck, the standard validator, as Debian packages it; the client compiler
    alone is enough for one short run and takes half the processor time."""
    done = subprocess.run(
        ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", "/usr/bin/epubcheck",
         str(path)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    return done.stdout + done.stderr


@pytest.mark.parametrize("name", ["full_build", "seed_build"])
def test_epubcheck_finds_no_errors_and_no_warnings(request, name):
    folder = request.getfixturevalue(name)
    report = _epubcheck(next(folder.glob("*.epub")))
    assert "Messages: 0 fatals / 0 errors / 0 warnings / 0 infos" in report, report


def _read(epub, name: str):
    with zipfile.ZipFile(epub) as container:
        return etree.fromstring(container.read(name))


def test_one_file_per_top_section_and_a_contents_of_every_section(full_build):
    epub = full_build / "full.epub"
    with zipfile.ZipFile(epub) as container:
        names = container.namelist()
        assert names[0] == "mimetype"
        assert container.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
    sections = sorted(n for n in names if n.startswith("EPUB/section-"))
    assert len(sections) == 3  # Introduction, Our priorities, Contact
    nav = _read(epub, "EPUB/nav.xhtml")
    toc = nav.find(".//x:nav[@id='toc']", NS)
    titles = ["".join(a.itertext()) for a in toc.iterfind(".//x:a", NS)]
    assert titles == ["Introduction", "Our priorities", "Spending", "How we decide", "Contact"]
    first = _read(epub, "EPUB/section-01.xhtml")
    assert first.find(".//x:h2", NS).text == "Introduction"
    assert first.get("lang") == "en-GB"


def test_page_list_follows_the_print_edition(seed_build):
    """Each heading's bookmark in the PDF is on the page the e-book's last page-break
    marker before that heading names."""
    epub = seed_build / "digital-borough.epub"
    pdf = read_pdf(seed_build / "digital-borough.pdf")
    page_list = _read(epub, "EPUB/nav.xhtml").find(".//x:nav[@id='page-list']", NS)
    assert page_list.get(TYPE) == "page-list"
    numbers = [int(a.text) for a in page_list.iterfind(".//x:a", NS)]
    assert numbers == list(range(1, len(pdf.pages) + 1))
    bookmarks = [(b.title, b.page + 1) for b in flatten(outline_tree(pdf))]
    front = [title for title, _ in bookmarks].index("About this document") + 1
    headings = []
    for number in range(1, 4):
        document = _read(epub, f"EPUB/section-{number:02d}.xhtml")
        current = None
        for element in document.iter():
            if element.get(TYPE) == "pagebreak":
                current = int(element.get("aria-label"))
            elif isinstance(element.tag, str) and element.tag[-2:] in HEADINGS:
                headings.append((" ".join("".join(element.itertext()).split()), current))
    assert len(headings) > 40
    assert headings == bookmarks[front:]


def test_accessibility_metadata(full_build):
    package = _read(full_build / "full.epub", "EPUB/package.opf")
    values: dict[str, list[str]] = {}
    for meta in package.iterfind(".//opf:meta", NS):
        values.setdefault(meta.get("property"), []).append(meta.text)
    assert values["schema:accessMode"] == ["textual", "visual"]
    assert values["schema:accessModeSufficient"] == ["textual"]
    assert {"structuralNavigation", "tableOfContents", "alternativeText", "pageBreakMarkers",
            "pageNavigation"} <= set(values["schema:accessibilityFeature"])  # fmt: skip
    assert values["schema:accessibilityHazard"] == ["none"]
    assert values["schema:accessibilitySummary"][0]
    assert values["dcterms:conformsTo"] == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    assert values["dcterms:modified"] == ["2026-03-02T00:00:00Z"]  # the publication's date


def test_the_same_content_makes_the_same_bytes(project):
    project("minimal")
    for out in ("one", "two"):
        result = run_cli("build", "content/minimal", "--format", "epub", "--out", out)
        assert result.code == 0, result.err
    first, second = (f"{out}/minimal/minimal.epub" for out in ("one", "two"))
    with open(first, "rb") as one, open(second, "rb") as two:
        assert one.read() == two.read()
