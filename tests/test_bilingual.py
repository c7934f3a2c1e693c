"""The sample bilingual leaflet: Welsh first, then English, each half with its own
page furniture and language, as a Welsh council prints them back to back."""

from __future__ import annotations

import pytest
from conftest import ROOT, run_cli
from helpers import page_texts, read_pdf, struct_elements

from publication.check import check_pdf


@pytest.fixture(scope="module")
def formats(tmp_path_factory):
    """The standard edition, and the formats that print words of their own."""
    out = tmp_path_factory.mktemp("leaflet")
    folder = ROOT / "content" / "library-leaflet-bilingual"
    formats = ("--edition", "standard", "--format", "pdf,html,text,braille")
    result = run_cli("build", str(folder), *formats, "--out", str(out))
    assert result.code == 0, result.err
    return out / "library-leaflet-bilingual"


@pytest.fixture(scope="module")
def leaflet(formats):
    return formats / "library-leaflet-bilingual.pdf"


def test_each_half_has_furniture_in_its_own_language(leaflet):
    texts = page_texts(read_pdf(leaflet))
    english = next(n for n, text in enumerate(texts) if "Everyone is welcome" in text)
    total = len(texts)
    # A leaflet: the Welsh title block on page 1, with no running head over it
    assert texts[0].startswith("Cynnwys enghreifftiol Llyfrgell Llanenghraifft: oriau agor")
    assert "Ebrill 2026" in texts[0] and texts[0].endswith(f"Tudalen 1 o {total}")
    for n in range(1, total):
        if n < english:  # the running head, then the page number
            assert f"Llyfrgell Llanenghraifft Tudalen {n + 1} o {total}" in texts[n]
            assert "Page " not in texts[n]
        else:
            assert f"Page {n + 1} of {total}" in texts[n] and "Tudalen" not in texts[n]
            assert "Llanenghraifft Library: opening hours" in texts[n]
    assert "Ffôn:" in " ".join(texts[:english]) and "Telephone:" in " ".join(texts[english:])
    assert "Cysylltu â ni" in " ".join(texts[:english])
    assert "Contact us" in " ".join(texts[english:])


def test_each_half_is_read_in_its_own_language(leaflet):
    reader = read_pdf(leaflet)
    assert reader.trailer["/Root"]["/Lang"] == "cy-GB"
    parts = [e for e in struct_elements(reader) if e["/S"] == "/Sect" and "/Lang" in e]
    assert [str(p["/Lang"]) for p in parts] == ["en-GB"]
    assert not check_pdf(leaflet, min_font_size=12).findings


def test_each_half_of_the_text_version_is_labelled_in_its_own_language(formats):
    text = (formats / "library-leaflet-bilingual.txt").read_text("utf-8")
    welsh, english = text.split("Llanenghraifft Library: opening hours\n=====")
    for word in ("Cynnwys\n", "Am y ddogfen hon\n", "Tabl: ", "Ffôn: "):
        assert word in welsh
    for word in ("Contents", "About this document", "Table:", "Telephone:"):
        assert word not in welsh
    assert "Table: Library opening hours" in english and "Telephone: " in english
    assert "Ar gau\n\nLlyfrgell Llanenghraifft\n" in welsh  # the contact block apart


def test_the_web_version_says_its_own_words_in_the_publications_language(formats):
    page = (formats / "html" / "index.html").read_text("utf-8")
    assert ">Neidio i’r prif gynnwys</a>" in page and "Skip to main content" not in page


def test_each_half_of_the_braille_is_in_its_own_languages_braille(formats):
    from publication.formats.louis import translate

    brf = " ".join((formats / "library-leaflet-bilingual.brf").read_text("ascii").split())
    welsh = "Mae croeso i bawb yn y llyfrgell"
    assert translate(welsh, "cy") != translate(welsh, "en")  # Welsh has contractions of its own
    assert translate(welsh, "cy") in brf and translate(welsh, "en") not in brf
    assert translate("Everyone is welcome at the library", "en") in brf
