"""Committee packs: the sample meeting built into public and full packs, read back."""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from subprocess import PIPE

import pikepdf
import pytest
from conftest import ROOT, run_cli
from helpers import (
    everything_in,
    outline_tree,
    page_texts,
    read_pdf,
    struct_elements,
    text_sizes,
)

MEETING = "communities-scrutiny-2026-01"
EXEMPT_PHRASES = ("Kestrel Lane", "Tenderer B", "184,500", "Confidential scoring notes",
                  "kiosks-scores", "kiosks-evaluation", "Tender evaluation scores")  # fmt: skip


def _project(root):
    for name in (MEETING, "digital-borough"):
        shutil.copytree(ROOT / "content" / name, root / "content" / name)
    shutil.copytree(ROOT / "images", root / "images")
    return root / "content" / MEETING


@pytest.fixture(scope="session")
def packs(tmp_path_factory):
    root = tmp_path_factory.mktemp("pack")
    folder = _project(root)
    result = run_cli("pack", str(folder), "--out", str(root / "build"))
    assert result.code == 0, result.err
    out = root / "build" / MEETING
    return {"public": out / f"{MEETING}-public-pack.pdf", "full": out / f"{MEETING}-full-pack.pdf",
            "root": root, "folder": folder, "out": root / "build"}  # fmt: skip


def _agenda_pages(reader) -> int:
    """How many pages the agenda has: the first page stamped with a number follows it."""
    stamped = (b"/Subtype /Footer" in page.get_contents().get_data() for page in reader.pages)
    return next(n for n, is_stamped in enumerate(stamped) if is_stamped)


@pytest.mark.parametrize("kind", ["public", "full"])
def test_bookmarks_front_sheet_and_item_start_pages(packs, kind):
    reader = read_pdf(packs[kind])
    outline = outline_tree(reader)
    titles = [b.title for b in outline]
    assert titles[0].startswith("Agenda")
    assert titles[1:] == [
        "Item 1: Apologies for absence", "Item 2: Declarations of interest",
        "Item 3: Minutes of the last meeting", "Item 4: Digital strategy progress report",
        "Item 5: Library visits and digital inclusion",
        "Item 6: Library self-service kiosks contract award",
    ]  # fmt: skip
    children = {b.title: [c.title for c in b.children] for b in outline}
    assert children["Item 4: Digital strategy progress report"] == [
        "Appendix 1: Towards a Digital Borough 2021-25"
    ]
    expected = ["Appendix 1: Tender evaluation scores"] if kind == "full" else []
    assert children["Item 6: Library self-service kiosks contract award"] == expected
    _assert_agenda_pages_are_item_starts(reader)


def _assert_agenda_pages_are_item_starts(reader) -> None:
    texts = page_texts(reader)
    first_numbered = _agenda_pages(reader)
    agenda = " ".join(texts[:first_numbered])
    for bookmark in outline_tree(reader)[3:]:  # items 3 to 6 have pages of their own
        number, title = bookmark.title.removeprefix("Item ").split(": ", 1)
        printed = re.search(rf"{number}\. {re.escape(title)} .*?Page (\d+)", agenda).group(1)
        assert bookmark.page == first_numbered + int(printed) - 1, bookmark.title
        assert f"Item {number}" in texts[bookmark.page]
        for child in bookmark.children:
            assert child.page >= bookmark.page


@pytest.mark.parametrize("kind", ["public", "full"])
def test_every_page_after_the_front_sheet_is_numbered_as_an_artifact(packs, kind):
    reader = read_pdf(packs[kind])
    texts = page_texts(reader)
    first = _agenda_pages(reader)
    for number, page in enumerate(reader.pages[first:], start=1):
        assert f"Page {number}" in texts[first + number - 1]
        content = page.get_contents().get_data()
        assert content.count(b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC") == 1
    for page in reader.pages[:first]:
        assert b"/Subtype /Footer" not in page.get_contents().get_data()


def test_exempt_pages_are_marked_in_the_full_pack_only(packs):
    full = page_texts(read_pdf(packs["full"]))
    public_reader = read_pdf(packs["public"])
    public = page_texts(public_reader)
    assert sum("Not for publication" in t for t in full) >= 2
    notice = [t for t in public if "Item 6:" in t and "This item is exempt" in t]
    assert notice and "paragraph 3 of Part 1 of Schedule 12A" in notice[0]
    agenda = " ".join(public[: _agenda_pages(public_reader)])
    assert "Exclusion of the press and public" in agenda
    assert agenda.index("Exclusion of the press and public") < agenda.index("6. Library self")


def test_the_appended_strategys_structure_is_in_the_pack(packs):
    tree = subprocess.run(["pdfinfo", "-struct-text", str(packs["public"])],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    for heading in ("The Principles", "Bringing the vision to life", "Digital by design"):
        assert heading in tree
    reader = read_pdf(packs["public"])
    parts = [e for e in struct_elements(reader) if e["/S"] == "/Part"]
    titles = [str(p.get("/T", "")) for p in parts]
    assert "Appendix 1: Towards a Digital Borough 2021-25" in titles
    with pikepdf.open(packs["public"]) as pdf:
        _assert_identifiers_resolve(pdf)
        assert _link_targets(pdf)  # the strategy's contents links, carried over
    assert run_cli("check", str(packs["public"])).code == 0
    assert run_cli("check", str(packs["full"])).code == 0


def test_nothing_of_the_exempt_item_leaks_into_the_public_pack(packs):
    public = everything_in(packs["public"])
    full = everything_in(packs["full"])
    for phrase in EXEMPT_PHRASES:
        assert phrase.lower() not in public.lower(), phrase
    assert "Kestrel Lane" in full  # the test would see it if it were there
    with pikepdf.open(packs["public"]) as pdf:
        assert "/EmbeddedFiles" not in pdf.Root.get("/Names", {})
        for page in pdf.pages:
            for annotation in page.obj.get("/Annots", []):
                assert "kiosk" not in str(annotation.get("/Contents", "")).lower()


def test_rebuilding_after_one_change_makes_only_that_item(packs):
    folder, out = packs["folder"], packs["out"]
    unchanged = run_cli("pack", str(folder), "--out", str(out))
    assert unchanged.code == 0 and "as made before" in unchanged.out
    path = folder / "library-figures.md"
    path.write_text(path.read_text() + "\nThe figures will be updated in March.\n")
    changed = run_cli("pack", str(folder), "--out", str(out))
    assert changed.code == 0 and "1 document(s) made" in changed.out
    assert "updated in March" in " ".join(page_texts(read_pdf(packs["public"])))
    pages = len(read_pdf(packs["public"]).pages)
    path.write_text(path.read_text() + "\nA longer note on the figures.\n" * 60)
    longer = run_cli("pack", str(folder), "--out", str(out))  # items after it move on
    assert longer.code == 0 and "1 document(s) made" in longer.out
    reader = read_pdf(packs["public"])
    assert len(reader.pages) > pages
    _assert_agenda_pages_are_item_starts(reader)  # the front sheet followed them


def _broken(tmp_path, edit) -> tuple:
    folder = _project(tmp_path)
    out = tmp_path / "build"
    yaml_path = folder / "meeting.yaml"
    yaml_path.write_text(edit(yaml_path.read_text(), folder))
    return run_cli("pack", str(folder), "--out", str(out)), out


def _appendix_pdf(name):
    def edit(text, folder):
        return text.replace("        publication: digital-borough", f"        pdf: {name}")

    return edit


def _write_corrupt(folder):
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\nnot really a pdf\n")


def _write_encrypted(folder):
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(folder / "locked.pdf", encryption=pikepdf.Encryption(owner="o", user="u"))


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("missing-pdf", "item 4, appendix 1: PDF 'gone.pdf' not found"),
        ("corrupt-pdf", "(broken.pdf) is not a readable PDF"),
        ("encrypted-pdf", "(locked.pdf) is encrypted"),
        ("duplicate-number", "item number 2 is used twice"),
        ("exempt-without-paragraph", "item 6: exempt must name a paragraph"),
        ("missing-file", "item 5: file not found: library-figures.md"),
        ("word-as-pdf", "item 4, appendix 1: 'report.docx' is a Word document (.docx)"),
    ],
)
def test_bad_meeting_input_names_the_item_and_writes_no_pack(tmp_path, case, words):
    def edit(text, folder):
        if case == "missing-pdf":
            return _appendix_pdf("gone.pdf")(text, folder)
        if case == "corrupt-pdf":
            _write_corrupt(folder)
            return _appendix_pdf("broken.pdf")(text, folder)
        if case == "encrypted-pdf":
            _write_encrypted(folder)
            return _appendix_pdf("locked.pdf")(text, folder)
        if case == "word-as-pdf":
            (folder / "report.docx").write_bytes(b"PK\x03\x04" + bytes(60))
            return _appendix_pdf("report.docx")(text, folder)
        if case == "duplicate-number":
            return text.replace("  - number: 3\n", "  - number: 2\n")
        if case == "exempt-without-paragraph":
            return text.replace("    exempt: 3\n", "    exempt: yes\n")
        (folder / "library-figures.md").unlink()
        return text

    result, out = _broken(tmp_path, edit)
    assert result.code == 1, result.err
    assert words in result.err and "Traceback" not in result.err
    assert "no pack written" in result.err
    assert not list(out.rglob("*-pack.pdf"))


def test_problems_are_told_in_agenda_order_whatever_order_the_documents_are_made_in(tmp_path):
    def edit(text, folder):
        (folder / "short.pdf").write_bytes(b"%PDF-1.7\nbroken\n")
        (folder / "long.pdf").write_bytes(b"%PDF-1.7\nbroken, and longer" + b" " * 4000)
        two = "        pdf: short.pdf\n      - title: Long\n        pdf: long.pdf"
        return text.replace("        publication: digital-borough", two)

    result, _out = _broken(tmp_path, edit)  # the longer file is made first
    assert result.code == 1, result.err
    assert 0 <= result.err.index("(short.pdf) is not") < result.err.index("(long.pdf) is not")


def test_an_untagged_appendix_is_reported_with_its_item(tmp_path):
    def edit(text, folder):
        from weasyprint import HTML

        HTML(string="<p>A scanned letter</p>").write_pdf(folder / "letter.pdf")
        return _appendix_pdf("letter.pdf")(text, folder)

    result, out = _broken(tmp_path, edit)
    assert result.code == 0, result.err
    assert "Item 4: Digital strategy progress report > Appendix 1" in result.err
    pack = out / MEETING / f"{MEETING}-public-pack.pdf"
    check = run_cli("check", str(pack))
    assert check.code == 1
    assert "(Item 4: Digital strategy progress report > Appendix 1: " in check.out


def test_a_large_print_pack_is_large_throughout(tmp_path):
    folder = _project(tmp_path)
    result = run_cli("pack", str(folder), "--size", "20", "--out", str(tmp_path / "build"))
    assert result.code == 0, result.err
    out = tmp_path / "build" / MEETING
    for kind in ("public", "full"):
        pdf = out / f"{MEETING}-{kind}-pack-large-print-20pt.pdf"
        smallest, text = min(text_sizes(read_pdf(pdf)))
        assert smallest >= 20 - 0.01, text
        assert "Large print edition, 20 point" in page_texts(read_pdf(pdf))[0]


def test_an_image_appendix_is_a_figure_with_its_alt_text(tmp_path):
    def edit(text, folder):
        shutil.copy(ROOT / "tests/projects/full/content/full/map.png", folder / "plan.png")
        return text.replace(
            "      - title: Towards a Digital Borough 2021-25\n"
            "        publication: digital-borough",
            "      - title: Ground floor plan\n        image: plan.png\n"
            "        alt: Plan of the ground floor of Central Library",
        )

    result, out = _broken(tmp_path, edit)
    assert result.code == 0, result.err
    reader = read_pdf(out / MEETING / f"{MEETING}-public-pack.pdf")
    alts = [str(e.get("/Alt")) for e in struct_elements(reader) if e["/S"] == "/Figure"]
    assert "Plan of the ground floor of Central Library" in alts
    titles = [c.title for b in outline_tree(reader) for c in b.children]
    assert "Appendix 1: Ground floor plan" in titles


def _link_targets(pdf) -> list[tuple[int, int]]:
    """Each internal link as (its page, the page its named destination is on)."""
    index = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
    names = pdf.Root.Names.Dests.Names
    dests = {str(names[i]): names[i + 1] for i in range(0, len(names), 2)}
    links = []
    for n, page in enumerate(pdf.pages):
        for annotation in page.obj.get("/Annots", []):
            name = annotation.get("/Dest", annotation.get("/A", {}).get("/D"))
            if isinstance(name, pikepdf.String):
                links.append((n, index[dests[str(name)][0].objgen]))
    return links


def _assert_identifiers_resolve(pdf) -> None:
    names = pdf.Root.StructTreeRoot.IDTree.Names
    listed = {str(names[i]): names[i + 1].objgen for i in range(0, len(names), 2)}
    assert len(listed) == len(names) // 2  # unique
    for element in (o for o in pdf.objects if isinstance(o, pikepdf.Dictionary)):
        if element.get("/Type") == "/StructElem" and "/ID" in element:
            assert listed[str(element.ID)] == element.objgen
        attributes = element.get("/A")
        for attribute in attributes if isinstance(attributes, pikepdf.Array) else [attributes]:
            if isinstance(attribute, pikepdf.Dictionary) and "/Headers" in attribute:
                assert all(str(h) in listed for h in attribute.Headers)


def test_one_publication_appended_twice_keeps_its_links_and_identifiers_apart(tmp_path):
    strategy = (
        "      - title: Towards a Digital Borough 2021-25\n        publication: digital-borough\n"
    )

    def edit(text, folder):
        return text.replace(strategy, strategy + strategy.replace("2021-25", "2021-25, again"))

    result, out = _broken(tmp_path, edit)
    assert result.code == 0, result.err
    with pikepdf.open(out / MEETING / f"{MEETING}-public-pack.pdf") as pdf:
        _assert_identifiers_resolve(pdf)
        starts = {item.title: pdf.pages.index(item.destination[0]) for item in _outline(pdf)}
        first = starts["Appendix 1: Towards a Digital Borough 2021-25"]
        second = starts["Appendix 2: Towards a Digital Borough 2021-25, again"]
        links = _link_targets(pdf)
        assert any(first <= page < second for page, _ in links)
        for page, target in links:  # each copy's contents lead into that copy
            if first <= page < second:
                assert first <= target < second
            if second <= page < second + (second - first):
                assert second <= target < second + (second - first)
        assert any(page >= second for page, _ in links)


def _outline(pdf):
    with pdf.open_outline() as outline:
        stack, found = list(outline.root), []
        while stack:
            item = stack.pop()
            found.append(item)
            stack.extend(item.children)
        return found


def test_pack_workers_hand_back_results_and_failures_and_leave_nothing_behind():
    from publication.packs.workers import forked

    doubled = forked(lambda job: job * 2, lambda begun, value: begun + value, [1, 2], lambda: 10)
    assert doubled == [12, 14]

    def slow_value() -> bytes:  # sent after the failing children have gone; more than a pipe holds
        time.sleep(0.3)
        return b"x" * 200_000

    with pytest.raises(ValueError, match="invalid literal"):  # raised in a child
        forked(lambda job: int("x"), lambda begun, value: begun, [1, 2], slow_value)
    with pytest.raises(KeyError):  # raised here, while the children wait
        forked(lambda job: job, lambda begun, value: begun, [1, 2], lambda: {}["missing"])
    with pytest.raises(ChildProcessError):  # every child was waited for
        os.waitpid(-1, os.WNOHANG)


class _Lines:
    """The lines a running process writes to one stream, waited for by content."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=lambda: list(map(self.lines.put, stream)))
        self.reader.start()

    def close(self) -> None:
        """Once the process has ended: the rest of what it wrote is read, then closed."""
        self.reader.join(timeout=30)
        self.stream.close()

    def wait_for(self, words: str, seconds: float = 90) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            self.seen.append(line)
            if words in line:
                return line
        raise AssertionError(f"{words!r} not written; got {self.seen}")


def _answer_ctrl_c() -> None:
    """Run in a child before it starts: it answers SIGINT as it would Ctrl+C, even when
    this runs in the background (a shell starts that with SIGINT ignored, and a child
    would inherit it, never stopping)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_watching_makes_the_packs_again_when_a_file_is_saved(tmp_path):
    folder = _project(tmp_path)
    public = tmp_path / "build" / MEETING / f"{MEETING}-public-pack.pdf"
    command = [sys.executable, "-m", "publication", "pack", str(folder), "--watch",
               "--out", str(tmp_path / "build")]  # fmt: skip
    process = subprocess.Popen(
        command, stdout=PIPE, stderr=PIPE, text=True, cwd=tmp_path, preexec_fn=_answer_ctrl_c
    )
    out, err = _Lines(process.stdout), _Lines(process.stderr)
    try:
        out.wait_for("press Ctrl+C to stop")
        report = folder / "library-figures.md"
        report.write_text(report.read_text() + "\nSaved while the packs were watched.\n")
        assert "packs made again in" in out.wait_for("packs made again")
        assert "1 document(s) made" in " ".join(out.seen)
        assert "Saved while the packs were watched" in " ".join(page_texts(read_pdf(public)))
        made = public.read_bytes()
        meeting = folder / "meeting.yaml"
        meeting.write_text(meeting.read_text() + "venue: [\n")
        err.wait_for("no pack written; the previous packs are unchanged")
        assert public.read_bytes() == made
    finally:
        process.send_signal(signal.SIGINT)
        try:
            code = process.wait(timeout=30)
        finally:
            process.kill()  # only if it has not stopped: nothing is left running
        out.close()
        err.close()
    out.wait_for("stopped watching")
    assert code == 1  # the last change left the meeting broken
    assert "Traceback" not in " ".join(err.seen)
    assert "meeting.yaml:" in " ".join(err.seen)


def test_the_cache_lets_go_of_what_no_build_has_used_for_a_month(tmp_path):
    folder = _project(tmp_path)
    out, cache = tmp_path / "build", tmp_path / "cache"
    assert run_cli("pack", str(folder), "--out", str(out), "--cache", str(cache)).code == 0
    store = cache / "packs"
    assert not list(out.rglob(".cache")) and not list(out.rglob("*.check.json"))
    old = time.time() - 31 * 86400
    kept = sorted(p for p in store.glob("*.pdf") if p.name.count(".") == 1)  # documents
    for path in [*kept, store / "0123abcd.pdf", store / ".tmp-1-stopped"]:
        path.touch()
        os.utime(path, (old, old))  # the documents this meeting uses look old too
    # Folders are left alone, however old: the locks, and the pictures a meeting's Word
    # reports had months ago (pruning them crashed every later build that made anything).
    folders = [store / "locks", store / "pictures"]
    for path in folders:
        path.mkdir(exist_ok=True)
        os.utime(path, (old, old))
    report = folder / "library-figures.md"
    report.write_text(report.read_text() + "\nChanged, so the packs are assembled again.\n")
    again = run_cli("pack", str(folder), "--out", str(out), "--cache", str(cache))
    assert again.code == 0 and "1 document(s) made" in again.out
    assert not (store / "0123abcd.pdf").exists()
    assert not (store / ".tmp-1-stopped").exists()
    assert all(path.is_dir() for path in folders)
    assert all(path.stat().st_mtime > old + 86400 for path in kept if path.exists())
    # The unchanged reports were used, so kept; the changed one (and what else this
    # build did not read, such as the appended publication's edition) was let go.
    assert 5 <= sum(path.exists() for path in kept) < len(kept)


def test_a_pack_rebuilt_after_a_change_is_the_pack_a_build_from_nothing_makes(tmp_path):
    folder = _project(tmp_path)

    def pack(out: str, cache: str) -> dict[str, bytes]:
        made = run_cli("pack", str(folder), "--out", str(tmp_path / out),
                       "--cache", str(tmp_path / cache))  # fmt: skip
        assert made.code == 0, made.err
        return {p.name: p.read_bytes() for p in (tmp_path / out).rglob("*-pack.pdf")}

    pack("first", "kept")
    report = folder / "library-figures.md"
    report.write_text(report.read_text() + "\nA line added after the first build.\n")
    rebuilt = pack("first", "kept")  # one document made again, the rest from the cache
    from_nothing = pack("second", "empty")
    assert rebuilt == from_nothing and len(rebuilt) == 2
