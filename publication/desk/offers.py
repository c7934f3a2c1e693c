"""What the desk offers to make: one line per edition or pack, read by the forms,
the checks on what is asked, and the workers.

An offer names the pipeline that makes it (``work.RUNNERS``) and what it asks of
the person at the desk: a reader's size, a paper size. A new edition or format is
one more line here and, for a new pipeline, one runner in ``work``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from publication.limits import LARGE_PRINT_SIZES, size_problem
from publication.packs.pipeline import pack_key
from publication.pipeline import edition_key, format_key, inputs_digest, print_key
from publication.typeset.editions import EDITIONS, Edition, large_print

__all__ = ["OFFERS", "Asked", "Offer", "Request", "read_request"]


@dataclass(frozen=True)
class Offer:
    name: str  # in forms and addresses
    label: str
    hint: str  # what it is, in a sentence, under the choice
    kind: str  # "publication" or "meeting"
    runner: str  # the pipeline that makes it: a name in work.RUNNERS
    size: str = "none"  # "none", "required" (large print) or "optional" (packs)
    papers: tuple[str, ...] = ()  # paper sizes to choose from; none: the edition fixes it
    clerk_only: bool = False  # holds exempt material: served to a signed-in clerk only


OFFERS: dict[str, Offer] = {
    offer.name: offer
    for offer in (
        Offer("standard", "Standard print", "Clear print: no text under 12 point.",
              "publication", "edition", papers=("A4", "A5")),
        Offer("large-print", "Large print", "Every piece of text at the reader's size, "
              "16 to 48 point, on A4.", "publication", "edition", size="required"),
        Offer("booklet", "Booklet for printing", "The standard edition's pages two to a sheet, "
              "in order to print on both sides, fold and staple. For printing only.",
              "publication", "print", papers=("A4", "A5")),
        Offer("epub", "EPUB 3 e-book", "For e-readers and reading apps: text that reflows, "
              "with the print edition's page numbers.", "publication", "format"),
        Offer("text", "Plain text", "For screen readers and for reading aloud: every word, in "
              "reading order, without layout.", "publication", "format"),
        Offer("braille", "Braille (grade 2, BRF)", "A file for a braille embosser or "
              "display, with print page numbers: Unified English Braille, or Welsh braille "
              "for Welsh.", "publication", "format"),
        Offer("public-pack", "Public pack", "The agenda and every report, with exempt "
              "reports left out.", "meeting", "pack", size="optional"),
        Offer("full-pack", "Full pack, not for publication", "Everything, exempt reports "
              "included: for members and officers only.", "meeting", "pack",
              size="optional", clerk_only=True),
    )
}  # fmt: skip


@dataclass(frozen=True)
class Request:
    """What to make: plain data, so that a worker on this machine or another can take it."""

    offer: str
    folder: str  # the publication's or meeting's folder, found by the desk, never as asked
    size: int | None = None
    paper: str | None = None

    @property
    def edition(self) -> Edition:
        return large_print(self.size) if self.offer == "large-print" else EDITIONS["standard"]

    def key(self) -> str:
        """The cache key of what this makes: a job is one per key."""
        folder, runner = Path(self.folder), OFFERS[self.offer].runner
        if runner == "pack":
            return pack_key(folder, self.size)
        if runner == "format":
            return format_key(inputs_digest(folder), self.offer, None)
        if runner == "print":
            return print_key(inputs_digest(folder), self.edition, self.offer, self.paper)
        return edition_key(inputs_digest(folder), self.edition, self.paper)


@dataclass(frozen=True)
class Asked:
    """A request read from a form, or the problems with it, each against its field."""

    request: Request | None
    problems: dict[str, str]


def read_request(kind: str, folder: Path, form: dict[str, str], own_paper: str = "A4") -> Asked:
    """The request a form makes, or what is wrong with it, in words for the person asking.
    The publication's own paper size is asked for as no paper size, so that the edition
    ``make`` keeps in the cache is the one found."""
    problems: dict[str, str] = {}
    offer = OFFERS.get(form.get("offer", ""))
    if offer is None or offer.kind != kind:
        choices = "; ".join(o.label for o in OFFERS.values() if o.kind == kind)
        problems["offer"] = f"Choose what to make: {choices}."
        return Asked(None, problems)
    size = _size(offer, form.get("size", "").strip(), problems)
    paper = form.get("paper") or (offer.papers[0] if offer.papers else None)
    if offer.papers and paper not in offer.papers:
        problems["paper"] = f"Choose the paper size: {' or '.join(offer.papers)}."
    if problems:
        return Asked(None, problems)
    paper = paper if offer.papers and paper != own_paper else None
    return Asked(Request(offer.name, str(folder), size, paper), {})


def _size(offer: Offer, text: str, problems: dict[str, str]) -> int | None:
    if offer.size == "none" or (offer.size == "optional" and not text):
        return None
    first, last = LARGE_PRINT_SIZES.start, LARGE_PRINT_SIZES.stop - 1
    if not text:
        problems["size"] = f"Enter the reader's size in points, from {first} to {last}."
        return None
    if not text.isdigit() or len(text) > 3:
        problems["size"] = f"Enter the size as a whole number from {first} to {last}, such as 24."
        return None
    problem = size_problem(int(text))
    if problem:
        problems["size"] = (
            f"{problem[0].upper()}{problem[1:]}. Enter a size from {first} to {last}."
        )
    return int(text)
