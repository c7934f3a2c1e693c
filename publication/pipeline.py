"""Build a publication's editions and formats: find each in the cache, make what is
missing, write.

Read it as the table of contents of a build: hash the inputs, work out which
editions and formats are wanted, take each one the cache has, make the rest with
the stages (``stages``: load, validate, review, Markdown; HTML, PDF, finish,
check; then the formats from the same model with the standard edition's page
numbers), keep them in the cache, and write them out. A build with nothing
changed reads no content and never imports WeasyPrint. Problems are collected
and reported once; nothing is written for an edition or format unless every
stage passed.
"""

from __future__ import annotations

import dataclasses
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from publication.cache import Store, cache_key, describe, files_digest
from publication.diagnostics import Diagnostic, Diagnostics, Level
from publication.memory import collector_paused
from publication.output import write_changed
from publication.progress import SILENT, Made, Progress
from publication.source.inputs import input_files
from publication.typeset.editions import Edition, Wanted, edition_label, output_name

if TYPE_CHECKING:  # not imported to run: a build found in the cache needs none of them
    from publication.formats import Manuscript
    from publication.source.markup import Fragments
    from publication.source.model import Publication

__all__ = [
    "Build",
    "BuildResult",
    "FormatResult",
    "Outputs",
    "build",
    "edition_key",
    "inputs_digest",
    "print_key",
]


@dataclass(frozen=True)
class BuildResult:
    edition: Edition
    pdf: Path  # in the output folder, or in the cache when there is none
    pages: int
    prints: tuple[Path, ...] = ()  # print-only files made beside the PDF, such as a booklet
    key: str = ""
    made: bool = True  # made by this build, not found in the cache
    print_keys: tuple[str, ...] = ()  # the cache key of each of ``prints``


@dataclass(frozen=True)
class FormatResult:
    format: str
    paths: list[Path]  # every file written; the first is the one to open
    pages: int  # braille pages, or 0
    made: bool = True
    key: str = ""


@dataclass(frozen=True)
class Build:
    results: list[BuildResult]
    warnings: list[Diagnostic]
    formats: list[FormatResult] = field(default_factory=list)


@dataclass(frozen=True)
class Outputs:
    """What to make besides which editions: the PDFs, and which alternative formats.
    By default the PDFs and the formats the publication lists under ``formats:``."""

    pdf: bool = True
    formats: tuple[str, ...] = ()
    listed_formats: bool = True  # and the print-only files the publication lists
    prints: tuple[str, ...] = ()  # print-only files, such as "booklet", besides those listed

    def format_names(self, listed: tuple[str, ...]) -> list[str]:
        return list(dict.fromkeys([*(listed if self.listed_formats else ()), *self.formats]))


@dataclass(frozen=True)
class _Print:
    """A print-only file (``form``: "booklet") of one edition."""

    edition: Edition
    form: str


@dataclass(frozen=True)
class _Entry:
    """An edition or format in the cache: its record and where its files are."""

    key: str
    meta: dict
    files: dict[str, Path]  # relative name (or "pdf") -> file in the cache
    made: bool = False


def build(
    folder: Path,
    out_dir: Path | None,
    editions: list[Edition] | Wanted | None = None,
    page_size: str | None = None,
    progress: Progress = SILENT,
    outputs: Outputs | None = None,
    cache: Store | None = None,
) -> Build:
    """Build editions and formats of the publication in ``folder`` into ``out_dir/<slug>/``
    (into the cache only, when ``out_dir`` is None).

    Without ``editions``: the standard edition and every large-print size the
    publication asks for; without ``outputs``, the formats it lists as well.
    """
    folder, outputs = folder.resolve(), outputs or Outputs()
    if cache is None:  # made all the same, kept only while this build runs
        with tempfile.TemporaryDirectory() as scratch:
            return build(folder, out_dir, editions, page_size, progress, outputs,
                         Store(Path(scratch)))  # fmt: skip
    inputs = inputs_digest(folder)
    wanted = editions if isinstance(editions, list) else editions or Wanted()
    plan_name = f"{cache_key(f'plan {describe((wanted, outputs))} {page_size} {inputs}')}.plan.json"
    plan = _planned(cache, plan_name, wanted, outputs)
    found = _found(cache, plan, inputs, page_size) if plan is not None else {}
    warnings: list[Diagnostic] = []
    if plan is None or len(found) < len(_things(plan)):
        plan, found, warnings = _make(
            folder, out_dir, wanted, outputs, page_size, inputs, progress, cache
        )
        cache.write_json(plan_name, {"editions": [dataclasses.asdict(e) for e in plan[0]],
                                     "formats": plan[1], "prints": plan[2]})  # fmt: skip
    chosen, formats, prints = plan
    results = [_deliver(folder, out_dir, e, found[e], [found[_Print(e, f)] for f in prints])
               for e in chosen]  # fmt: skip
    made_formats = [_deliver_format(folder, out_dir, name, found[name]) for name in formats]
    _remember(cache, folder, chosen, found)
    if any(entry.made for entry in found.values()):
        cache.prune()
    for entry in found.values():
        warnings.extend(Diagnostic.from_dict(d) for d in entry.meta["warnings"])
    return Build(results, list(dict.fromkeys(warnings)), made_formats)


def inputs_digest(folder: Path) -> str:
    """A hash of every file the publication in ``folder`` may read."""
    return files_digest(input_files(folder))


def edition_key(inputs: str, edition: Edition, page_size: str | None) -> str:
    return cache_key(f"edition {describe(edition)} paper={page_size} inputs={inputs}")


def format_key(inputs: str, name: str, page_size: str | None) -> str:
    return cache_key(f"format {name} paper={page_size} inputs={inputs}")


def _key(thing: Edition | str | _Print, inputs: str, page_size: str | None) -> str:
    if isinstance(thing, Edition):
        return edition_key(inputs, thing, page_size)
    if isinstance(thing, _Print):
        return print_key(inputs, thing.edition, thing.form, page_size)
    return format_key(inputs, thing, page_size)


def print_key(inputs: str, edition: Edition, form: str, page_size: str | None) -> str:
    return cache_key(f"print {form} {describe(edition)} paper={page_size} inputs={inputs}")


def _things(plan) -> list:
    """Everything a plan (editions, formats, print forms) makes, editions first: a
    print-only file is made from its edition."""
    editions, formats, prints = plan
    return [*editions, *formats, *(_Print(e, form) for e in editions for form in prints)]


def _planned(cache: Store, name: str, wanted, outputs: Outputs):
    """The editions and formats a request came to, if known without reading the content:
    a list of editions asks for itself; otherwise what these inputs came to last time."""
    if isinstance(wanted, list) and not outputs.listed_formats:
        editions = wanted if outputs.pdf else []
        return editions, list(dict.fromkeys(outputs.formats)), list(dict.fromkeys(outputs.prints))
    plan = cache.read_json(name)
    if plan is None:
        return None
    editions = [Edition(**{**e, "stylesheets": tuple(e["stylesheets"])}) for e in plan["editions"]]
    return editions, plan["formats"], plan["prints"]


def _found(cache: Store, plan, inputs: str, page_size: str | None) -> dict:
    found = {}
    for thing in _things(plan):
        entry = _cached(cache, _key(thing, inputs, page_size))
        if entry is not None:
            found[thing] = entry
    return found


def _cached(cache: Store, key: str) -> _Entry | None:
    meta = cache.read_json(f"{key}.json")
    if meta is None:
        return None
    files = {name: cache.path(f"{key}.{number}") for number, name in enumerate(meta["files"])}
    if not all(files.values()):
        return None
    return _Entry(key, meta, files)  # type: ignore[arg-type]  # all found


@dataclass
class _Workshop:
    """What making the missing editions, formats and print files of one build shares:
    the content, read once, and what is made or found so far; and the warnings told
    before making any one thing, to keep with those it concerns, so that a thing found
    in the cache tells what making it alone would tell."""

    stages: ModuleType
    publication: Publication
    fragments: Fragments
    found: dict
    diagnostics: Diagnostics
    cache: Store
    formats: list[str]  # the formats to make
    read: list[Diagnostic]  # told reading the content: every thing's own
    large_print: list[Diagnostic] = field(default_factory=list)  # told reviewing it for large print
    written: tuple[Manuscript, list[Diagnostic]] | None = None  # and what writing it told

    def manuscript(self) -> tuple[Manuscript, list[Diagnostic]]:
        """What the formats are written from, made once for all of them when the first is
        made (editions are made first, so the standard edition's page numbers are known
        by then if it is made, and the standard edition is laid out for them at most
        once), and the warnings making it gave."""
        if self.written is None:
            since = len(self.diagnostics.items)
            standard = _standard_pages(self.found)
            written = self.stages.manuscript(
                self.publication, self.fragments, self.formats, standard, self.diagnostics
            )
            self.written = written, _warned_since(self.diagnostics, since)
        return self.written


def _warned_since(diagnostics: Diagnostics, since: int) -> list[Diagnostic]:
    """The warnings told after the first ``since`` diagnostics."""
    return [d for d in diagnostics.items[since:] if d.level is Level.WARNING]


def _make(folder, out_dir, wanted, outputs, page_size, inputs, progress, cache):
    """Make each wanted edition and format that the cache does not have, and keep it."""
    from publication import stages  # WeasyPrint: most of a second, so only when needed

    with collector_paused():
        diagnostics = Diagnostics()
        publication, fragments = stages.prepare(folder, out_dir, page_size, diagnostics)
        plan = _plan(publication, wanted, outputs)
        found = _found(cache, plan, inputs, page_size)
        missing = [thing for thing in _things(plan) if thing not in found]
        formats = [thing for thing in missing if isinstance(thing, str)]
        shop = _Workshop(stages, publication, fragments, found, diagnostics, cache, formats,
                         diagnostics.warnings)  # fmt: skip
        if any(isinstance(thing, Edition) and thing.size for thing in missing):
            since = len(diagnostics.items)
            stages.review_large_print(publication, diagnostics)
            shop.large_print = _warned_since(diagnostics, since)
        progress.begin(len(missing))
        for number, thing in enumerate(missing, 1):
            label = _label(thing, stages)
            name = f"{publication.slug}, {label}"
            progress.started(name)
            started = time.perf_counter()
            key = _key(thing, inputs, page_size)
            with cache.lock(key):
                found[thing] = _cached(cache, key) or _make_one(shop, thing, key)
            seconds = time.perf_counter() - started
            pages = found[thing].meta["pages"]
            progress.made(Made(number, len(missing), name, pages, seconds))
        return plan, found, diagnostics.warnings


def _plan(publication: Publication, wanted, outputs: Outputs):
    """The editions, formats and print forms a request comes to for this publication."""
    chosen = wanted if isinstance(wanted, list) else wanted.editions(publication.large_print_sizes)
    chosen = chosen if outputs.pdf else []
    formats = outputs.format_names(publication.formats)
    listed = publication.print_forms if outputs.listed_formats else ()
    return chosen, formats, list(dict.fromkeys((*listed, *outputs.prints)))


def _label(thing, stages) -> str:
    if isinstance(thing, Edition):
        return edition_label(thing)
    if isinstance(thing, _Print):
        return f"{thing.form} of the {edition_label(thing.edition)}"
    return stages.FORMATS[thing].label


def _make_one(shop: _Workshop, thing, key: str) -> _Entry:
    """One edition or format, kept in the cache under ``key`` with the warnings making it
    alone would tell; its files are named by number, and its record, written last, says
    what each one is."""
    told = [*shop.read, *(shop.large_print if isinstance(thing, Edition) and thing.size else ())]
    if isinstance(thing, str):
        told += shop.manuscript()[1]
    since = len(shop.diagnostics.items)
    files, pages, extra = _made(shop, thing)
    told += _warned_since(shop.diagnostics, since)
    publication, cache = shop.publication, shop.cache
    meta = {"slug": publication.slug, "title": publication.metadata.title, "pages": pages,
            "files": list(files), "made": datetime.now(UTC).isoformat(timespec="seconds"),
            "warnings": [d.as_dict() for d in told], **extra}  # fmt: skip
    cache.write({f"{key}.{number}": data for number, data in enumerate(files.values())})
    cache.write_json(f"{key}.json", meta)  # last: an entry with its record is whole
    entry = _cached(cache, key)
    assert entry is not None
    return dataclasses.replace(entry, made=True)


def _made(shop: _Workshop, thing) -> tuple[dict[str, bytes], int, dict]:
    """One edition, print file or format: its files, its pages, and what its record says
    of it besides."""
    stages, publication, fragments = shop.stages, shop.publication, shop.fragments
    found, diagnostics = shop.found, shop.diagnostics
    if isinstance(thing, Edition):
        made = stages.make(publication, fragments, thing, diagnostics)
        files, pages = {"pdf": made.pdf}, made.pages
        extra = {"edition": dataclasses.asdict(thing), "label": edition_label(thing),
                 "paper": made.paper, "print_pages": made.print_pages}  # fmt: skip
    elif isinstance(thing, _Print):
        pdf = found[thing.edition].files["pdf"].read_bytes()
        files, pages = {"pdf": stages.make_print(publication, thing.edition, pdf)}, 0
        name = stages.print_name(publication.slug, thing.edition, thing.form)
        extra = {"print": thing.form, "name": name, "label": f"{thing.form} for printing",
                 "paper": found[thing.edition].meta["paper"]}  # fmt: skip
    else:
        files, pages = stages.make_format(shop.manuscript()[0], thing, diagnostics)
        extra = {"format": thing, "label": stages.FORMATS[thing].label}
    return files, pages, extra


def _standard_pages(found: dict) -> tuple[dict[str, int], int] | None:
    """The standard edition's page numbers, if it is among those made or found."""
    for thing, entry in found.items():
        if isinstance(thing, Edition) and thing.name == "standard":
            return entry.meta["print_pages"], entry.meta["pages"]
    return None


def _deliver(
    folder: Path, out_dir: Path | None, edition: Edition, entry: _Entry, prints: list[_Entry]
) -> BuildResult:
    """The edition, and its print-only files, written to the output folder together,
    unless they are there already as they are."""
    pdf, printed = entry.files["pdf"], [p.files["pdf"] for p in prints]
    if out_dir is not None:
        target = out_dir / folder.name / f"{output_name(folder.name, edition)}.pdf"
        targets = [target.with_name(p.meta["name"]) for p in prints]
        pairs = zip([target, *targets], [pdf, *printed], strict=True)
        write_changed({t: f.read_bytes() for t, f in pairs})
        pdf, printed = target, targets
    meta, made = entry.meta, entry.made or any(p.made for p in prints)
    keys = tuple(p.key for p in prints)
    return BuildResult(edition, pdf, meta["pages"], tuple(printed), entry.key, made, keys)


def _deliver_format(folder: Path, out_dir: Path | None, name: str, entry: _Entry) -> FormatResult:
    if out_dir is None:
        paths = list(entry.files.values())
        return FormatResult(name, paths, entry.meta["pages"], entry.made, entry.key)
    target = out_dir / folder.name
    files = {relative: path.read_bytes() for relative, path in entry.files.items()}
    write_changed({target / relative: data for relative, data in files.items()})
    _remove_stale(target, files)
    paths = [target / relative for relative in files]
    return FormatResult(name, paths, entry.meta["pages"], entry.made, entry.key)


def _remove_stale(folder: Path, files: dict[str, bytes]) -> None:
    """Images a web version no longer uses go, so the folder is what gets published."""
    for subfolder in {Path(relative).parts[0] for relative in files if "/" in relative}:
        for path in sorted((folder / subfolder).rglob("*")):
            if path.is_file() and path.relative_to(folder).as_posix() not in files:
                path.unlink()


def _remember(cache: Store, folder: Path, editions: list[Edition], found: dict) -> None:
    made = {}
    for edition in editions:
        entry = found[edition]
        meta = entry.meta
        ident = f"{edition.suffix or edition.name}-{meta['paper']}"
        made[ident] = {"key": entry.key, "pages": meta["pages"], "made": meta["made"],
                       "label": meta["label"], "paper": meta["paper"]}  # fmt: skip
    cache.remember(folder, made)
