"""What a build proves about the pages it made, besides PDF/UA: that nothing leaves
the page (each overflow reported at its source line, small text in an image at the
line naming the image), that a booklet's cover is one page, and that the standard
edition keeps to the publication's page budget.
"""

from __future__ import annotations

from pathlib import Path

from publication.check import check_pdf
from publication.check.diagnose import report_findings
from publication.check.findings import Finding
from publication.diagnostics import Diagnostics
from publication.errors import SourceLocation
from publication.finish.origins import content_origins
from publication.source.markup import Fragments
from publication.source.model import Publication
from publication.typeset.editions import Edition, edition_label
from publication.typeset.pdf import Typeset
from publication.typeset.sources import images_with_small_text

__all__ = ["check_budget", "check_cover", "check_finished"]


def check_finished(
    pdf: bytes,
    edition: Edition,
    publication: Publication,
    made: tuple[Typeset, Fragments],
    diagnostics: Diagnostics,
) -> None:
    """The finished PDF must pass our PDF/UA check at the edition's smallest text size,
    with nothing outside the text block. Small text inside an image is told against
    the line that names the image; what overflows, at its own line."""
    source = publication.location
    report = check_pdf(Path(source.path.name), edition.min_font_size, data=pdf)
    typeset, fragments = made
    images = images_with_small_text(report.findings, typeset.elements, publication, fragments)
    for location, finding in images.values():
        what = f"the {edition.name} PDF, page {finding.page}: {finding.message}"
        diagnostics.error(location, f"pdf-ua-{finding.code}", what, finding.fix)
    report.findings = [f for n, f in enumerate(report.findings) if n not in images]
    origins: dict[tuple[int, int], str] = {}
    if any(finding.code == "overflow" for finding in report.findings):
        origins = content_origins(typeset.pdf, typeset.elements)

    def locate(finding: Finding) -> SourceLocation | None:
        mark = origins.get((finding.page or 0, finding.mcid), "")
        path, _, line = mark.rpartition(":")
        return SourceLocation(publication.folder / path, int(line)) if path else None

    report_findings(report, f"the {edition.name} PDF", source, diagnostics, locate=locate)


def check_cover(
    typeset: Typeset, edition: Edition, publication: Publication, diagnostics: Diagnostics
) -> None:
    """A booklet's cover is one page: what runs over takes the edition's name with it."""
    if any(element.page > 0 and "cover" in element.classes for element in typeset.elements):
        diagnostics.error(
            publication.location,
            "cover-too-long",
            f"the cover of the {edition_label(edition)} runs onto a second page",
            "shorten the title, subtitle or label (short_title sets the running header), "
            "or use a smaller logo",
        )


def check_budget(
    publication: Publication, edition: Edition, pages: int, diagnostics: Diagnostics
) -> None:
    """A leaflet planned for so many pages: say when the standard edition takes more."""
    budget = publication.page_budget
    if edition.size or not budget or pages <= budget:
        return
    diagnostics.warning(
        publication.budget_location or publication.location,
        "page-budget",
        f"the standard edition takes {pages} pages, over the page budget of {budget}",
        "shorten the text, or use 'form: leaflet' so that sections run on"
        if publication.form == "booklet"
        else "shorten the text, or raise page_budget",
    )
