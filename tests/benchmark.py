"""Benchmark: our build against WeasyPrint rendering the same HTML directly.

Run with `make bench`. Builds the seed publication and a generated publication
of about 120 pages (prose, tables, figures), each measured in fresh processes,
alternating, and prints median times, the ratio, and peak memory; then the
time of each stage of our build, with finishing and checking as a share of
WeasyPrint's render time. Last, a committee pack of 20 items: the full build
against the pack's own pages as one WeasyPrint pass (time and peak memory), a
rebuild after one item changes, and the least a rebuild can take (start-up plus
that one report); then the same change saved while `publication pack --watch`
runs. Then each alternative format of the seed and of the generated publication
(web page, EPUB, text, braille), made alone, against its standard PDF. Then a
20-page report written in Word against the same content as YAML and Markdown
(made from it by `publication import`). Last, the desk through its HTTP server:
time to first byte of an edition found in the cache and of the seed's 24 pt
edition made on request, and ten requests at once for different editions (all
must complete; peak memory of the desk and its workers).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 3
STAGE_ROWS: list[str] = []
WORDS = (
    "council residents library service digital community local borough access support "
    "plan report budget park road housing school care health partner business ward team "
    "review public data open transport energy climate skills children adults safety "
    "improve deliver develop provide ensure measure year month week people place"
).split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))


def generate(root: Path, chapters: int = 15) -> Path:
    """Write a large publication under root/content/generated; return its folder."""
    from PIL import Image, ImageDraw

    rng = random.Random(2026)
    folder = root / "content" / "generated"
    folder.mkdir(parents=True)
    for n in range(4):
        image = Image.new("RGB", (800, 450), "#eef3f6")
        draw = ImageDraw.Draw(image)
        for _ in range(12):
            x, y = rng.randint(0, 760), rng.randint(0, 410)
            draw.rectangle((x, y, x + 40, y + 40), fill="#0b3d5c")
        image.save(folder / f"chart-{n}.png")
    lines = [
        "title: Generated benchmark publication",
        "organisation: Example Borough Council",
        "language: en-GB",
        "date: 2026-01-01",
        "sections:",
    ]
    for chapter in range(1, chapters + 1):
        lines += [
            f"  - title: Chapter {chapter}",
            f"    file: chapter-{chapter}.md",
            "    sections:",
        ]
        text = "\n\n".join(_paragraph(rng) for _ in range(6))
        (folder / f"chapter-{chapter}.md").write_text(text + "\n", "utf-8")
        for part in range(1, 4):
            rows = "\n".join(
                f"                - [Ward {r}, '{rng.randint(100, 9999)}', '{rng.randint(1, 99)}%']"
                for r in range(1, 13)
            )
            body = "\n".join(f"        text: |\n          {_paragraph(rng)}" for _ in range(1))
            lines += [
                f"      - title: Part {chapter}.{part}",
                body,
                "        blocks:",
                "          - table:",
                f"              caption: Figures for part {chapter}.{part}",
                "              header_column: true",
                "              rows:",
                "                - [Ward, Households, Change]",
                rows,
                "          - figure:",
                f"              image: chart-{(chapter + part) % 4}.png",
                f"              alt: Chart {chapter}.{part}, blue squares on a grey ground",
                f"              caption: Chart for part {chapter}.{part}",
                "              width: medium",
                "          - text: |",
                "              " + "\n\n              ".join(_paragraph(rng) for _ in range(5)),
            ]
    (folder / "publication.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    return folder


def _stages(folder: Path, edition) -> dict:
    """Render, finishing and checking times of one build, stage by stage."""
    from publication.check import check_pdf
    from publication.diagnostics import Diagnostics
    from publication.finish import finish_pdf
    from publication.source.load import load_publication
    from publication.source.markup import render_fragments
    from publication.source.validate import validate_publication
    from publication.typeset.html import STYLES_DIR, render_html
    from publication.typeset.pdf import typeset_pdf

    gc.disable()  # as the build itself does
    diagnostics = Diagnostics()
    start = time.perf_counter()
    publication = validate_publication(load_publication(folder, diagnostics), diagnostics)
    html = render_html(publication, render_fragments(publication, diagnostics), edition)
    prepared = time.perf_counter()
    roots = (*publication.asset_roots, STYLES_DIR)
    typeset = typeset_pdf(html, folder, roots, publication.location, diagnostics)
    rendered = time.perf_counter()
    pdf = finish_pdf(typeset.pdf, typeset.elements)
    finished = time.perf_counter()
    check_pdf(folder / "x.pdf", edition.min_font_size, data=pdf)
    checked = time.perf_counter()
    return {
        "content": prepared - start,
        "render": rendered - prepared,
        "finish": finished - rendered,
        "check": checked - finished,
    }


def generate_meeting(root: Path, items: int = 20) -> Path:
    """A meeting of ``items`` items: half with reports of our own, half appending a PDF.
    Each appended PDF is a file of its own, as in a real pack, so each is read and
    checked (they differ only in their metadata)."""
    import pikepdf

    from publication.pipeline import build

    rng = random.Random(2027)
    appendix_source = generate(root / "appendix-project", chapters=2)
    made = build(appendix_source, root / "appendix-build")
    folder = root / "project" / "content" / "bench-meeting"
    folder.mkdir(parents=True)
    with pikepdf.open(made.results[0].pdf) as appendix:
        for number in range(2, items + 1, 2):
            appendix.docinfo["/Subject"] = f"Appendix to item {number}"
            appendix.save(folder / f"appendix-{number}.pdf")
    lines = [
        "council: Example Borough Council", "committee: Benchmark Committee",
        "date: 2026-03-01", "time: 6pm", "venue: Town Hall",
        "contact: {name: A Clerk, telephone: 01632 960000, email: clerk@example.example}",
        "membership: [Councillor One, Councillor Two]", "items:",
    ]  # fmt: skip
    for number in range(1, items + 1):
        lines += [f"  - number: {number}", f"    title: Benchmark item {number}"]
        if number % 2:
            (folder / f"report-{number}.md").write_text(
                "\n\n".join(_paragraph(rng) for _ in range(80)) + "\n", "utf-8"
            )
            rows = "\n".join(
                f"                  - [Ward {r}, '{rng.randint(10, 999)}']" for r in range(1, 31)
            )
            lines += [
                "    report:", "      report_of: Director", "      recommendations: [To note.]",
                "      sections:", "        - title: Report", f"          file: report-{number}.md",
                "          blocks:", "            - table:", "                caption: Figures",
                "                rows:", "                  - [Ward, Count]", rows,
            ]  # fmt: skip
        else:
            lines += [
                "    appendices:",
                "      - title: Supporting document",
                f"        pdf: appendix-{number}.pdf",
            ]
    (folder / "meeting.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    return folder


def _one_pass(folder: Path, out: Path) -> dict:
    """All of a pack's own pages as one WeasyPrint document, in one process."""
    import dataclasses

    from weasyprint import HTML

    from publication.diagnostics import Diagnostics
    from publication.packs.agenda import plan_documents
    from publication.source.load import load_publication
    from publication.source.markup import render_fragments
    from publication.source.meeting import validate_meeting
    from publication.typeset.editions import EDITIONS
    from publication.typeset.html import render_html

    diagnostics = Diagnostics()
    meeting = validate_meeting(load_publication(folder, diagnostics, "meeting.yaml"), diagnostics)
    documents = [d for d in plan_documents(meeting, False) if d.publication is not None]
    sections = tuple(s for d in documents for s in d.publication.sections)
    publication = dataclasses.replace(documents[0].publication, sections=sections)
    html = render_html(
        publication, render_fragments(publication, diagnostics), EDITIONS["standard"]
    )
    start = time.perf_counter()
    document = HTML(string=html, base_url=folder.as_uri() + "/").render(pdf_variant="pdf/ua-1")
    (out / "one-pass.pdf").write_bytes(document.write_pdf(pdf_variant="pdf/ua-1"))
    return {"seconds": time.perf_counter() - start, "pages": len(document.pages)}


def _one_item(folder: Path) -> dict:
    """The changed report (item 1) made on its own: the least a rebuild must do."""
    import dataclasses

    from publication.diagnostics import Diagnostics
    from publication.packs.agenda import plan_documents
    from publication.packs.documents import render_pack_document
    from publication.source.load import load_publication
    from publication.source.meeting import validate_meeting
    from publication.typeset.editions import EDITIONS

    diagnostics = Diagnostics()
    meeting = validate_meeting(load_publication(folder, diagnostics, "meeting.yaml"), diagnostics)
    [report, *_] = [d for d in plan_documents(meeting, False) if d.publication is not None]
    standard = EDITIONS["standard"]
    edition = dataclasses.replace(standard, stylesheets=(*standard.stylesheets, "pack.css"))
    start = time.perf_counter()
    render_pack_document(report.publication, report.context, edition)
    return {"seconds": time.perf_counter() - start}


def _watched(folder: Path, out: Path, rounds: int = 6) -> list[float]:
    """Seconds from saving a changed report to a watching process having written the
    packs again, for each of ``rounds`` saves."""
    command = [sys.executable, "-m", "publication", "pack", str(folder), "--watch"]
    command += ["--out", str(out), "--cache", str(out.parent / "cache-watch")]
    seconds = []
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, text=True, preexec_fn=_answer_ctrl_c
    ) as process:
        try:
            _read_until(process, "press Ctrl+C")
            report = folder / "report-1.md"
            for round_number in range(rounds):
                start = time.perf_counter()
                report.write_text(report.read_text() + f"\nA watched change, {round_number}.\n")
                _read_until(process, "packs made again")
                seconds.append(time.perf_counter() - start)
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                raise
    return seconds


def _answer_ctrl_c() -> None:
    """Run in a child before it starts: it answers SIGINT as it would Ctrl+C, even when
    this runs in the background (a shell starts that with SIGINT ignored, and a child
    would inherit it, never stopping)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _read_until(process: subprocess.Popen, words: str) -> None:
    for line in process.stdout:
        if words in line:
            return
    raise RuntimeError(f"the watching process ended before saying {words!r}")


def _timed(command: list[str]) -> float:
    return _timed_with_memory(command)[0]


def _timed_with_memory(command: list[str]) -> tuple[float, float]:
    """Seconds, and the peak memory (MB) of the largest of its processes: a pack build
    forks workers, each reaped by its parent, and the kernel reports the largest."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            errors.seek(0)
            raise subprocess.CalledProcessError(process.returncode, command, b"", errors.read())
    return seconds, usage.ru_maxrss / 1024


def compare_pack(root: Path) -> None:
    folder = generate_meeting(root)
    out = root / "pack-build"
    command = [sys.executable, "-m", "publication", "pack", str(folder), "--out", str(out)]
    one_pass = [sys.executable, __file__, "--child", "one-pass", str(folder), str(root)]
    one_item = [sys.executable, __file__, "--child", "one-item", str(folder), str(root)]
    start_up = [sys.executable, "-c", "import publication.cli"]
    fulls, passes, rebuilds, starts, items = [], [], [], [], []
    peaks: dict[str, list[float]] = {"full": [], "one pass": []}
    for round_number in range(ROUNDS):
        shutil.rmtree(out, ignore_errors=True)
        pack = [*command, "--cache", str(root / f"cache-{round_number}")]  # a cold cache each
        for name, runs, measured in (("full", fulls, pack), ("one pass", passes, one_pass)):
            seconds, peak = _timed_with_memory(measured)
            runs.append(seconds)
            peaks[name].append(peak)
        report = folder / "report-1.md"
        report.write_text(report.read_text() + f"\nA change, round {round_number}.\n")
        rebuilds.append(_timed(pack))
        starts.append(_timed(start_up))
        done = subprocess.run(one_item, check=True, capture_output=True, text=True)
        items.append(json.loads(done.stdout)["seconds"])
    first_watched, *watched = _watched(folder, out)
    full, single, rebuild = (statistics.median(v) for v in (fulls, passes, rebuilds))
    start, item = statistics.median(starts), statistics.median(items)
    pages = _pdf_pages(out / "bench-meeting" / "bench-meeting-full-pack.pdf")
    own = json.loads(subprocess.run(one_pass, check=True, capture_output=True, text=True).stdout)
    print(f"\ncommittee pack: 20 items, {pages} pages in the full pack, {own['pages']} of our own")
    print(
        f"full build (public and full packs): {full:.2f} s; the pack's own pages as one "
        f"WeasyPrint pass: {single:.2f} s; {single / full:.2f}x faster"
    )
    print(
        f"rebuild after one item changed: {rebuild:.2f} s, {rebuild / full:.0%} of the full build"
    )
    print(
        f"the least any rebuild can take: start-up {start:.2f} s + making the changed report "
        f"alone {item:.2f} s = {start + item:.2f} s, {(start + item) / full:.0%} of the full build"
    )
    print(f"(whole processes, start-up included; median of {ROUNDS} rounds)")
    print(
        f"peak memory: {max(peaks['full']):.0f} MB in the largest of the full build's processes "
        f"(it runs five), {max(peaks['one pass']):.0f} MB in the one WeasyPrint pass"
    )
    print(
        f"rebuild while watching (pack --watch), from saving the report to both packs "
        f"written: {statistics.median(watched):.2f} s, {statistics.median(watched) / full:.0%} "
        f"of the full build (median of {len(watched)} saves; the first took {first_watched:.2f} s)"
    )


def generate_word(root: Path) -> tuple[Path, Path]:
    """A report of about 20 pages as a .docx (headings, lists, tables, pictures, notes),
    and the same content as YAML and Markdown; returns both publication folders."""
    import docx
    import wordfiles
    import yaml
    from docx.shared import Cm

    rng = random.Random(2026)
    document = docx.Document()
    for chapter in range(1, 9):
        document.add_heading(f"Chapter {chapter}", 1)
        for part in range(1, 3):
            document.add_heading(f"Part {chapter}.{part}", 2)
            for _ in range(3):
                paragraph = document.add_paragraph(_paragraph(rng))
                paragraph.runs[0].bold = rng.random() < 0.2
            for point in range(4):
                bullets = wordfiles.word_list(document, "bullet")
                item = document.add_paragraph(_sentence(rng), style="List Paragraph")
                wordfiles.list_paragraph(item, point % 2, bullets)
        document.add_paragraph(f"Figures for chapter {chapter}", style="Caption")
        rows = [["Ward", "Households", "Change"]] + [
            [f"Ward {r}", str(rng.randint(100, 9999)), f"{rng.randint(1, 99)}%"] for r in range(12)
        ]
        wordfiles.table(document, rows, repeat_header=True)
        if chapter % 3 == 0:
            document.add_picture(wordfiles.picture("#0b3d5c", (800, 450)), width=Cm(12))
            wordfiles.alt_text(document, f"Chart for chapter {chapter}")
    word = root / "content" / "word-report"
    word.mkdir(parents=True)
    document.save(word / "report.docx")
    head = "title: Opening hours review\norganisation: Example Borough Council\nlanguage: en-GB\n"
    (word / "publication.yaml").write_text(
        head + "sections:\n  - title: The report\n    file: report.docx\n", "utf-8"
    )
    markdown = root / "content" / "markdown-report"
    subprocess.run(
        [sys.executable, "-m", "publication", "import", str(word / "report.docx"), "--out",
         str(markdown), "-q"], check=True,
    )  # fmt: skip
    imported = yaml.safe_load((markdown / "publication.yaml").read_text("utf-8"))
    wrapped = {"sections": [{"title": "The report", "sections": imported["sections"]}]}
    (markdown / "publication.yaml").write_text(head + yaml.safe_dump(wrapped), "utf-8")
    return word, markdown


def compare_word(root: Path) -> None:
    word, markdown = generate_word(root)
    out = root / "word-build"
    for folder in (word, markdown):  # warm-up; the Word pictures are taken out once
        _measure("ours", folder, out)
    runs: dict[Path, list[dict]] = {word: [], markdown: []}
    for _ in range(ROUNDS):
        for folder, made in runs.items():
            made.append(_measure("ours", folder, out))
    seconds = {f: statistics.median(r["seconds"] for r in made) for f, made in runs.items()}
    pages = runs[word][0]["pages"], runs[markdown][0]["pages"]
    print(
        f"\nreport written in Word ({pages[0]} pages): {seconds[word]:.2f} s; the same as "
        f"Markdown ({pages[1]} pages): {seconds[markdown]:.2f} s; "
        f"{seconds[word] / seconds[markdown]:.2f}x (median of {ROUNDS}, start-up excluded)"
    )


def _pdf_pages(path: Path) -> int:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def _child(mode: str, folder: Path, out: Path) -> None:
    """One measured run, in its own process; prints seconds and peak memory as JSON.
    Times exclude start-up: what the build imports only when it makes something (the
    stages, the formats) is imported before the clock starts, as the rest is."""
    from weasyprint import HTML

    import publication.stages  # noqa: F401
    from publication.pipeline import Outputs, build
    from publication.typeset.editions import EDITIONS, large_print

    if mode.startswith("format:"):
        outputs = Outputs(pdf=False, formats=(mode.removeprefix("format:"),), listed_formats=False)
        start = time.perf_counter()
        build(folder, out, [EDITIONS["standard"]], outputs=outputs)
        print(json.dumps({"seconds": time.perf_counter() - start}))
        return
    mode, _, size = mode.partition("@")
    edition = large_print(int(size)) if size else EDITIONS["standard"]
    if mode == "stages":
        print(json.dumps(_stages(folder, edition)))
        return
    if mode == "one-pass":
        print(json.dumps(_one_pass(folder, out)))
        return
    if mode == "one-item":
        print(json.dumps(_one_item(folder)))
        return
    if mode == "ours":  # the PDF alone, as WeasyPrint makes it directly: no other formats
        start = time.perf_counter()
        made = build(folder, out, [edition], outputs=Outputs(listed_formats=False))
        seconds = time.perf_counter() - start
        pages = made.results[0].pages
    else:
        html = _print_html(folder, edition)
        start = time.perf_counter()
        document = HTML(string=html, base_url=folder.as_uri() + "/").render(pdf_variant="pdf/ua-1")
        (out / "direct.pdf").write_bytes(document.write_pdf(pdf_variant="pdf/ua-1"))
        seconds = time.perf_counter() - start
        pages = len(document.pages)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "pages": pages}))


def _print_html(folder: Path, edition) -> str:
    """The HTML our build typesets, for WeasyPrint to render directly."""
    from publication.diagnostics import Diagnostics
    from publication.source.load import load_publication
    from publication.source.markup import render_fragments
    from publication.source.validate import validate_publication
    from publication.typeset.html import render_html

    diagnostics = Diagnostics()
    publication = validate_publication(load_publication(folder, diagnostics), diagnostics)
    return render_html(publication, render_fragments(publication, diagnostics), edition)


def compare_formats(name: str, folder: Path, out: Path) -> None:
    """Each format made alone against the standard PDF; EPUB and braille lay out the
    print edition for its page numbers when no PDF is made with them."""
    from publication.limits import FORMAT_NAMES

    pdf = statistics.median(_measure("ours", folder, out)["seconds"] for _ in range(ROUNDS))
    cells = []
    for format_name in FORMAT_NAMES:
        runs = [_measure(f"format:{format_name}", folder, out) for _ in range(ROUNDS)]
        seconds = statistics.median(r["seconds"] for r in runs)
        cells.append(f"{format_name} {seconds:6.2f} s ({seconds / pdf:4.0%})")
    print(f"{name:<12} pdf {pdf:6.2f} s  " + "  ".join(cells))


def _measure(mode: str, folder: Path, out: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(folder), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def compare(name: str, folder: Path, out: Path, size: int = 0) -> None:
    edition = f"@{size}" if size else ""
    _measure("ours" + edition, folder, out)  # warm-up, and the HTML the direct run reads
    runs: dict[str, list[dict]] = {"ours": [], "direct": []}
    for _ in range(ROUNDS):
        for mode in runs:
            runs[mode].append(_measure(mode + edition, folder, out))
    ours = statistics.median(r["seconds"] for r in runs["ours"])
    direct = statistics.median(r["seconds"] for r in runs["direct"])
    stages = [_measure("stages" + edition, folder, out) for _ in range(ROUNDS)]
    median = {k: statistics.median(s[k] for s in stages) for k in stages[0]}
    STAGE_ROWS.append(
        f"{name:<12} {median['content']:8.2f}  {median['render']:7.2f}  "
        f"{median['finish']:7.2f} ({median['finish'] / median['render']:4.1%})  "
        f"{median['check']:7.2f} ({median['check'] / median['render']:4.1%})"
    )
    print(
        f"{name:<12} {runs['ours'][0]['pages']:>5}  {ours:8.2f}  {direct:10.2f}  "
        f"{ours / direct:5.2f}x  {max(r['peak_mb'] for r in runs['ours']):9.0f}  "
        f"{max(r['peak_mb'] for r in runs['direct']):11.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", nargs=3, metavar=("MODE", "FOLDER", "OUT"))
    parser.add_argument("--word", action="store_true", help="only the Word comparison")
    args = parser.parse_args()
    if args.word:
        with tempfile.TemporaryDirectory() as temporary:
            compare_word(Path(temporary))
        return
    if args.child:
        mode, folder, out = args.child
        _child(mode, Path(folder), Path(out))
        return
    print(f"median of {ROUNDS} runs each, fresh process per run; times exclude start-up")
    print("publication  pages  ours (s)  direct (s)  ratio  ours (MB)  direct (MB)")
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        compare("seed", ROOT / "content" / "digital-borough", work / "seed")
        generated = generate(work / "project")
        compare("generated", generated, work / "generated")
        compare("large 18pt", generated, work / "generated", size=18)
    print("\nstages of our build (s), medians; finishing and checking as a share of render")
    print("publication   content   render   finish          check")
    print("\n".join(STAGE_ROWS))
    with tempfile.TemporaryDirectory() as temporary:
        compare_pack(Path(temporary))
    print("\neach format made alone, median of runs, and as a share of the standard PDF's time")
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        compare_formats("seed", ROOT / "content" / "digital-borough", work / "seed")
        compare_formats("generated", generate(work / "project"), work / "generated")
    with tempfile.TemporaryDirectory() as temporary:
        compare_word(Path(temporary))
    with tempfile.TemporaryDirectory() as temporary:
        from desk_bench import compare_desk  # beside this file

        compare_desk(Path(temporary))


if __name__ == "__main__":
    main()
