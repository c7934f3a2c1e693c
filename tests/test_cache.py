"""The build cache: keys that change with every input, made once, bounded, and a build
with nothing changed that never loads WeasyPrint."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time

import pytest
from conftest import PROJECTS

from publication.cache import Store
from publication.errors import ContentError
from publication.packs.cache import Cache as PackDocuments
from publication.pipeline import Outputs, build, edition_key, format_key, inputs_digest
from publication.typeset.editions import EDITIONS, large_print

MEETING = "communities-scrutiny-2026-01"
PNG = (PROJECTS / "full" / "content" / "full" / "map.png").read_bytes()


def _minimal(root):
    folder = root / "content" / "minimal"
    shutil.copytree(PROJECTS / "minimal" / "content" / "minimal", folder)
    (root / "images").mkdir()
    return folder


def test_an_edition_key_changes_with_an_image_named_only_in_markdown(tmp_path):
    folder = _minimal(tmp_path)
    (folder / "hours.md").write_text("Opening hours.\n\n![The library at night](night.png)\n")
    (folder / "night.png").write_bytes(PNG)
    edition = EDITIONS["standard"]
    before = edition_key(inputs_digest(folder), edition, None)
    (folder / "night.png").write_bytes(PNG + b"\0")  # the image redacted, say
    assert edition_key(inputs_digest(folder), edition, None) != before
    assert edition_key(inputs_digest(folder), large_print(24), None) != edition_key(
        inputs_digest(folder), large_print(25), None
    )


def test_two_builds_of_the_same_edition_at_once_make_it_once(tmp_path):
    folder = _minimal(tmp_path)
    store = Store(tmp_path / "cache")
    results = []

    def one_build():
        results.append(build(folder, None, [large_print(22)], cache=store).results[0])

    threads = [threading.Thread(target=one_build) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(result.made for result in results) == [False, True]
    assert results[0].pdf == results[1].pdf and results[0].pdf.is_relative_to(store.folder)


def test_a_failed_build_leaves_nothing_in_the_cache(tmp_path):
    folder = _minimal(tmp_path)
    (folder / "publication.yaml").write_text("title: [unclosed\n")
    store = Store(tmp_path / "cache")
    with pytest.raises(ContentError):
        build(folder, tmp_path / "out", cache=store)
    left = [p.name for p in store.folder.rglob("*") if p.is_file()] if store.folder.exists() else []
    assert not [name for name in left if not name.endswith(".lock")]


def test_the_least_recently_used_go_when_the_cache_passes_its_size(tmp_path):
    store = Store(tmp_path / "cache", size_limit=2500)
    for number in range(4):
        store.write({f"entry{number}.pdf": b"x" * 1000})
        os.utime(store.folder / f"entry{number}.pdf", (time.time() - 100 + number,) * 2)
    assert store.read("entry0.pdf") is not None  # used now: the most recent
    store.prune()
    kept = sorted(p.name for p in store.folder.glob("entry*"))
    assert kept == ["entry0.pdf", "entry3.pdf"]  # the two least recently used went


def test_what_a_stopped_build_was_writing_of_a_packs_documents_is_found(tmp_path, monkeypatch):
    documents = PackDocuments(tmp_path / "packs")

    def stopped(*_args) -> None:
        raise KeyboardInterrupt  # between writing the file and renaming it into place

    monkeypatch.setattr(os, "replace", stopped)
    with pytest.raises(KeyboardInterrupt):
        documents.put("key", b"%PDF-1.7")
    monkeypatch.undo()
    assert list(documents.folder.glob(".tmp-*"))
    Store(documents.folder).remove_temporaries(os.getpid())
    assert not list(documents.folder.iterdir())


def test_a_build_with_nothing_changed_reads_the_cache_without_loading_weasyprint(tmp_path):
    folder = _minimal(tmp_path)
    out, cache = tmp_path / "out", tmp_path / "cache"
    command = [sys.executable, "-X", "importtime", "-m", "publication", "build", str(folder),
               "--out", str(out), "--cache", str(cache)]  # fmt: skip
    first = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "weasyprint" in first.stderr and "as made before" not in first.stdout
    pdf = out / "minimal" / "minimal.pdf"
    written = pdf.stat().st_mtime_ns
    second = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "as made before: nothing it is made from has changed" in second.stdout
    assert "weasyprint" not in second.stderr and "publication.stages" not in second.stderr
    assert pdf.stat().st_mtime_ns == written  # not written again
    (folder / "hours.md").write_text("Changed opening hours.\n")
    third = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "as made before" not in third.stdout and pdf.stat().st_mtime_ns != written


def test_a_format_is_told_by_the_key_it_is_kept_under(tmp_path):
    folder = _minimal(tmp_path)
    only_text = Outputs(pdf=False, formats=("text",), listed_formats=False)
    made = build(folder, None, [], outputs=only_text, cache=Store(tmp_path / "cache"))
    assert made.formats[0].key == format_key(inputs_digest(folder), "text", None)


def test_formats_that_show_print_pages_share_one_layout_of_the_standard_edition(
    tmp_path, monkeypatch
):
    from publication import stages  # WeasyPrint: imported by this test only

    real, laid_out = stages.lay_out, []

    def counted(*args, **kwargs):
        laid_out.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(stages, "lay_out", counted)
    folder = _minimal(tmp_path)
    both = Outputs(pdf=False, formats=("epub", "braille"), listed_formats=False)
    made = build(folder, None, [], outputs=both, cache=Store(tmp_path / "cache"))
    assert [result.format for result in made.formats] == ["epub", "braille"]
    assert len(laid_out) == 1


def test_an_edition_found_in_the_cache_tells_only_its_own_warnings(tmp_path):
    folder = _minimal(tmp_path)
    (folder / "map.png").write_bytes(PNG)
    yaml = folder / "publication.yaml"
    yaml.write_text(yaml.read_text("utf-8") + "  - title: Where we are\n    blocks:\n"
                    "      - figure: {image: map.png, alt: A map of the library}\n")  # fmt: skip
    store, alone = Store(tmp_path / "cache"), Store(tmp_path / "alone")
    both = build(folder, None, [EDITIONS["standard"], large_print(20)], cache=store)
    assert "large-print-figure" in [d.code for d in both.warnings]  # large print's own
    fresh = build(folder, None, [EDITIONS["standard"]], cache=alone)
    found = build(folder, None, [EDITIONS["standard"]], cache=store)
    assert not found.results[0].made
    assert found.warnings == fresh.warnings
    assert "large-print-figure" not in [d.code for d in found.warnings]
    again = build(folder, None, [large_print(20)], cache=store)
    assert not again.results[0].made and "large-print-figure" in [d.code for d in again.warnings]


def test_a_write_to_the_cache_does_not_list_the_cache_for_other_writes_left(tmp_path, monkeypatch):
    from publication import output

    listed = []
    monkeypatch.setattr(output, "_clear_stale_temporaries", listed.append)
    store = Store(tmp_path / "cache")
    for number in range(3):
        store.write({f"entry{number}.pdf": b"%PDF"})
    assert listed == []  # the cache's own temporary files go when it is pruned
    output.write_atomically({tmp_path / "out.pdf": b"%PDF"})
    assert listed == [tmp_path / "out.pdf"]
