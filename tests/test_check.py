"""`publication check`: findings on any PDF, exit codes, and clean builds of our own."""

from __future__ import annotations

import json

import pikepdf
import pytest
from conftest import run_cli
from helpers import read_pdf, struct_elements
from weasyprint import HTML

from publication.check import check_part, check_pdf
from publication.packs.join import Pack, Part, stamp_font


@pytest.fixture(scope="session")
def stress_pdf(stress_project):
    out = stress_project.parent.parent / "build"
    result = run_cli("build", str(stress_project), "--out", str(out))
    assert result.code == 0, result.err
    return out / "stress" / "stress.pdf"


def test_stress_publication_is_clean_and_joined(stress_pdf):
    assert run_cli("check", str(stress_pdf)).code == 0
    reader = read_pdf(stress_pdf)
    roles = [e["/S"] for e in struct_elements(reader)]
    assert roles.count("/Table") == 1 and roles.count("/TR") == 101
    assert roles.count("/Note") == 14
    headings = [r for r in roles if r.startswith("/H")]
    assert {"/H1", "/H2", "/H3", "/H4"} <= set(headings)
    assert len(reader.pages) >= 8


def test_seed_and_full_fixture_are_clean(seed_build, full_build):
    for pdf in (seed_build / "digital-borough.pdf", full_build / "full.pdf"):
        result = run_cli("check", str(pdf))
        assert result.code == 0, result.out
        assert " 0 error(s), 0 warning(s)" in result.out


def test_json_output_names_page_and_element(tmp_path, seed_build):
    broken = tmp_path / "broken.pdf"
    with pikepdf.open(seed_build / "digital-borough.pdf") as pdf:
        del pdf.Root["/Lang"]
        document = pdf.Root.StructTreeRoot.K[0]
        document.K[0].S = pikepdf.Name("/Figure")  # the cover, now a figure with no alt text
        pdf.save(broken)
    result = run_cli("check", "--json", str(broken))
    assert result.code == 1
    [report] = json.loads(result.out)
    codes = {f["code"]: f for f in report["findings"]}
    assert "11-006" in codes and "13-004" in codes
    assert codes["13-004"]["page"] == 1 and "object" in codes["13-004"]["element"]
    assert codes["13-004"]["fix"]


def test_unreadable_files_are_the_callers_to_mend(tmp_path, seed_build):
    text = tmp_path / "notes.pdf"
    text.write_text("just some text\n")
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes((seed_build / "digital-borough.pdf").read_bytes()[:2000])
    encrypted = tmp_path / "encrypted.pdf"
    with pikepdf.open(seed_build / "digital-borough.pdf") as pdf:
        pdf.save(encrypted, encryption=pikepdf.Encryption(owner="o", user="secret"))
    for path, words in ((text, "not a readable PDF"), (corrupt, "cannot check"),
                        (encrypted, "encrypted")):  # fmt: skip
        result = run_cli("check", str(path))
        assert result.code == 1, (path, result.out, result.err)
        assert "how to fix" in result.err
        assert words in result.err and "Traceback" not in result.err
    assert run_cli("check", str(tmp_path / "missing.pdf")).code == 1


def test_min_font_size_reports_small_text(seed_build):
    pdf = str(seed_build / "digital-borough.pdf")
    assert run_cli("check", "--min-font-size", "12", pdf).code == 0
    result = run_cli("check", "--min-font-size", "14", pdf)
    assert result.code == 1 and "text at 12.0 pt is smaller than 14 pt" in result.out


SVG = "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' width='9' height='9'/>"


def _plain_pdf(body: str, tagged: bool = True) -> bytes:
    page = (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Part</title>'
        "<style>@page { size: A5 }</style></head><body>" + body + "</body></html>"
    )
    return HTML(string=page).write_pdf(pdf_variant="pdf/ua-1" if tagged else None)


def test_a_packs_check_built_on_its_parts_finds_what_a_full_check_finds(tmp_path):
    rows = "".join(f"<tr><td>Ward {n}</td><td>{n}</td></tr>" for n in range(90))
    parts = [
        _plain_pdf(f"<h1>Figures</h1><table>{rows}</table>"),  # split over pages
        _plain_pdf('<h3>Too deep</h3><p>See <a href="https://example.org">the plan</a>.</p>'),
        _plain_pdf(f'<h1>Map</h1><img alt="" src="{SVG}">'),  # a figure without alt text
        _plain_pdf("<h1>A scanned letter</h1>", tagged=False),
    ]
    stamp = stamp_font(HTML(string="<p>Page 0123456789 Not for publication</p>").write_pdf())
    joined = Pack("en-GB").complete(
        [Part(pdf, f"Part {n}") for n, pdf in enumerate(parts)],
        title="Joined",
        author="Tests",
        stamp=stamp,
        stamp_size=12,
    )
    path = tmp_path / "joined.pdf"
    path.write_bytes(joined)
    placed, first = [], 0
    for pdf in parts:
        check = check_part(pdf, 12)
        placed.append((first, check))
        first += len(check.scans)

    def found(report):
        return sorted((f.level, f.code, f.page) for f in report.findings)

    full = found(check_pdf(path, 12))
    assert found(check_pdf(path, 12, data=joined, parts=placed)) == full
    assert {"split", "14-003", "print-flag", "13-004", "01-005"} <= {code for _, code, _ in full}
