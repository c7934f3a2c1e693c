"""The words the tool prints come from message catalogues, in the document's language:
the catalogues are complete, a Welsh publication and a Welsh pack print Welsh page
furniture, and a language without a catalogue is refused, not printed in English."""

from __future__ import annotations

import re
import shutil

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from conftest import PROJECTS, ROOT, run_cli
from helpers import page_texts, read_pdf

from publication.messages import (
    LOCALE_DIR,
    MissingTranslation,
    NoCatalogue,
    catalogue_languages,
    translator,
)

METHODS = [("publication/**.py", "python"), ("templates/**.html", "jinja2")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "mark": None}
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _used_messages() -> set[str]:
    found = extract_from_dir(ROOT, METHODS, OPTIONS, KEYWORDS)
    return {m[2] if isinstance(m[2], str) else m[2][0] for m in found}


def _catalogue(language: str):
    with (LOCALE_DIR / language / "LC_MESSAGES" / "publication.po").open("rb") as po:
        return read_po(po, locale=language)


def test_english_and_welsh_catalogues_hold_every_message_the_tool_prints():
    used = _used_messages()
    assert {"Contents", "Page %(page)s of %(pages)s", "Not for publication"} <= used
    assert set(catalogue_languages()) >= {"cy", "en"}
    for language in catalogue_languages():
        catalog = _catalogue(language)
        held = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
        assert used <= held, f"{language}: run make messages: {sorted(used - held)}"
        for message in (m for m in catalog if m.id and language != "en"):
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            assert all(strings) and not message.fuzzy, f"{language}: {message.id!r} untranslated"
            wanted = set(_PLACEHOLDER.findall(ids[-1])) | set(_PLACEHOLDER.findall(ids[0]))
            for string in strings:
                assert set(_PLACEHOLDER.findall(string)) <= wanted | {"num"}, string


def test_a_translator_for_any_stage_or_format():
    welsh = translator("cy-GB")
    assert welsh.gettext("Contents") == "Cynnwys"
    assert welsh.gettext("Page %(page)s of %(pages)s", page=3, pages=14) == "Tudalen 3 o 14"
    assert welsh.long_date("2026-03-01") == "1 Mawrth 2026"
    assert translator("en-GB").long_date("2026-03") == "March 2026"
    with pytest.raises(MissingTranslation):
        welsh.gettext("A message no template prints")
    with pytest.raises(NoCatalogue):
        translator("pl")


@pytest.fixture(scope="module")
def welsh_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("cymraeg")
    shutil.copytree(PROJECTS / "full", root, dirs_exist_ok=True)
    yaml = root / "content" / "full" / "publication.yaml"
    yaml.write_text(re.sub(r"(?m)^language: .*$", "language: cy-GB", yaml.read_text()))
    result = run_cli("build", str(root / "content" / "full"), "--out", str(root / "build"),
                     "--size", "18")  # fmt: skip
    assert result.code == 0, result.err
    return root / "build" / "full"


def test_a_welsh_publication_prints_welsh_page_furniture(welsh_build):
    reader = read_pdf(welsh_build / "full.pdf")
    texts = page_texts(reader)
    whole = " ".join(texts)
    assert "Cynnwys" in texts[1] and "Am y ddogfen hon" in texts[1]
    assert all(f"Tudalen {n} o {len(texts)}" in texts[n - 1] for n in range(2, len(texts) + 1))
    assert "Mawrth 2026" in texts[0] and "fersiwn 1.2" in texts[0]
    assert "Cysylltu â ni" in whole and "Ffôn:" in whole
    for english in ("Contents", "Page ", "About this document", "Contact us", "Telephone"):
        assert english not in whole
    assert reader.trailer["/Root"]["/Lang"] == "cy-GB"
    large = page_texts(read_pdf(welsh_build / "full-large-print-18pt.pdf"))
    assert "Argraffiad print bras, 18 pwynt" in large[0]


def test_a_language_without_a_catalogue_is_refused_at_its_line(tmp_path):
    root = tmp_path / "polish"
    shutil.copytree(PROJECTS / "minimal", root)
    yaml = root / "content" / "minimal" / "publication.yaml"
    yaml.write_text(re.sub(r"(?m)^language: .*$", "language: pl", yaml.read_text()))
    result = run_cli("build", str(yaml.parent), "--out", str(tmp_path / "build"))
    assert result.code == 1 and not (tmp_path / "build").exists()
    lines = yaml.read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("language:"))
    assert f"publication.yaml:{line}:" in result.err and "[no-catalogue]" in result.err
    assert "in Polish ('pl')" in result.err and "'language:'" in result.err


MEETING = """\
council: Exampleton Borough Council
committee: Communities Scrutiny Committee
language: cy-GB
date: 2026-01-20
time: 6.30pm
venue: Council Chamber, Town Hall
contact: {name: Sam Rivers, telephone: 01632 960 418, email: clerk@exampleton.example}
membership: [Councillor Ruth Okafor (Chair)]
items:
  - number: 4
    title: Library hours
    report:
      report_of: Director of Communities
      recommendations: [That the committee notes the report.]
      background: Opening hours changed in 2025.
  - number: 6
    title: Kiosks contract award
    exempt: 3
    report:
      report_of: Director of Communities
      recommendations: [That the committee awards the contract.]
"""


def test_a_welsh_pack_prints_its_agenda_words_and_stamps_in_welsh(tmp_path):
    folder = tmp_path / "content" / "cyfarfod"
    folder.mkdir(parents=True)
    (folder / "meeting.yaml").write_text(MEETING, "utf-8")
    result = run_cli("pack", str(folder), "--out", str(tmp_path / "build"))
    assert result.code == 0, result.err
    full = read_pdf(tmp_path / "build" / "cyfarfod" / "cyfarfod-full-pack.pdf")
    texts = page_texts(full)
    agenda = texts[0]
    for welsh in ("Aelodaeth", "Agenda", "Dyddiad", "Lleoliad", "Gwahardd y wasg a’r cyhoedd",
                  "ym mharagraff 3", "nid i’w gyhoeddi"):  # fmt: skip
        assert welsh in agenda, welsh
    assert "Membership" not in agenda and "Venue" not in agenda
    assert "Tudalen 1" in texts[1] and "Adroddiad gan" in texts[1] and "Argymhellion" in texts[1]
    assert "Cefndir" in texts[1] and "Recommendations" not in texts[1]
    assert "Nid i’w gyhoeddi" in texts[-1]
    titles = [item.title for item in full.outline if not isinstance(item, list)]
    assert titles[0] == "Agenda, pecyn llawn" and "Eitem 4: Library hours" in titles
